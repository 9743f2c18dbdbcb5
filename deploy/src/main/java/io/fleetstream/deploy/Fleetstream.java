package io.fleetstream.deploy;

import io.fleetstream.deploy.cli.AccountsCommand;
import io.fleetstream.deploy.cli.BackupCommands;
import io.fleetstream.deploy.cli.BenchCommand;
import io.fleetstream.deploy.cli.ClusterCommand;
import io.fleetstream.deploy.cli.DemoCommand;
import io.fleetstream.deploy.cli.DownCommand;
import io.fleetstream.deploy.cli.Durations;
import io.fleetstream.deploy.cli.FuzzCommand;
import io.fleetstream.deploy.cli.InstanceCommands;
import io.fleetstream.deploy.cli.McpCommand;
import io.fleetstream.deploy.cli.RoutingCommands;
import io.fleetstream.deploy.cli.SimulateCommand;
import io.fleetstream.deploy.cli.SqlCommand;
import io.fleetstream.deploy.cli.StatusCommand;
import io.fleetstream.deploy.cli.SubmitCommand;
import io.fleetstream.deploy.cli.UpCommand;
import io.fleetstream.deploy.cli.UpgradeCommand;
import io.fleetstream.deploy.cli.VerifyReliabilityCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bin/fleetstream} command. */
@Command(
    name = "fleetstream",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "Fleetstream 0.1.0-SNAPSHOT",
    description = "Streaming dispatch for field-service and delivery fleets.",
    subcommands = {
      UpCommand.class,
      StatusCommand.class,
      DownCommand.class,
      ClusterCommand.class,
      SubmitCommand.class,
      UpgradeCommand.class,
      DemoCommand.class,
      SimulateCommand.class,
      BenchCommand.class,
      InstanceCommands.Solve.class,
      RoutingCommands.Matrix.class,
      AccountsCommand.class,
      McpCommand.class,
      SqlCommand.class,
      BackupCommands.Backup.class,
      BackupCommands.Restore.class,
      FuzzCommand.class,
      VerifyReliabilityCommand.class
    })
public final class Fleetstream {

  private Fleetstream() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int run(String... args) {
    return run(
        new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs a command line with its output going to {@code out} and {@code err} (tests read them). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Fleetstream()).setOut(out).setErr(err);
    cli.registerConverter(java.time.Duration.class, new Durations());
    if (args.length == 0) {
      cli.usage(cli.getOut());
      return 2;
    }
    return cli.execute(args);
  }
}
