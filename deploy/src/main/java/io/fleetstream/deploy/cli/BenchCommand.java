package io.fleetstream.deploy.cli;

import picocli.CommandLine.Command;

/**
 * {@code bench}: benchmarks through the real components; each prints a table and ends with JSON.
 */
@Command(
    name = "bench",
    description =
        "Benchmarks through the real broker and job (prints a table, writes JSON and PNG).",
    subcommands = {
      BenchStreamCommand.class,
      BenchApiCommand.class,
      InstanceCommands.BenchSolomon.class,
      InstanceCommands.BenchLiLim.class,
      RoutingCommands.BenchRoad.class,
      BenchReoptCommand.class,
      BenchWebhooksCommand.class,
      BenchEventsCommand.class,
      BenchOnlineCommand.class
    })
public final class BenchCommand {}
