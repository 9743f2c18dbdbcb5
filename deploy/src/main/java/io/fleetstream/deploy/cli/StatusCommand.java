package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.stack.StackStatus;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: where each part listens; exit code 0 when running, 3 when not. */
@Command(
    name = "status",
    description = "Show what runs where. Exit code 0 when running, 3 when not.")
public final class StatusCommand implements Callable<Integer> {

  static final int NOT_RUNNING = 3;

  @Mixin StackOptions options;

  @Option(names = "--json", description = "Print the status as one JSON object.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<StackStatus> status = StackStatus.read(options.dataDir());
    boolean live = status.map(StackStatus::isLive).orElse(false);
    if (json) {
      out.println(
          status
              .map(
                  s ->
                      live
                          ? s
                          : s.with(
                              s.state().equals(StackStatus.FAILED)
                                  ? s.state()
                                  : StackStatus.STOPPED,
                              null))
              .map(StackStatus::toJson)
              .orElse(
                  "{\"state\":\"stopped\",\"data_dir\":\""
                      + options.dataDir().toString().replace("\\", "\\\\")
                      + "\"}"));
    } else if (live) {
      print(status.get(), out);
    } else {
      out.println("Fleetstream is not running (data dir " + options.dataDir() + ").");
      status
          .filter(s -> s.error() != null)
          .ifPresent(s -> out.println("last start failed: " + s.error()));
    }
    return live ? 0 : NOT_RUNNING;
  }

  static void print(StackStatus s, PrintWriter out) {
    out.printf("  state            %s%n", s.state());
    if (s.kafka() != null) {
      out.printf(
          "  kafka            %s   (bootstrap servers for producers and consumers)%n",
          s.kafka().bootstrapServers());
    }
    if (s.flink() != null) {
      out.printf(
          "  flink web ui     %s   (job %s %s)%n",
          s.flink().webUi(), s.flink().jobName(), s.flink().jobId());
      if (s.flink().metrics() != null) {
        out.printf("  job metrics      %s%n", s.flink().metrics());
      }
      out.printf(
          "  road map         %s%n",
          s.flink().osmFile() != null ? s.flink().osmFile() : "embedded Monaco extract");
      if (s.flink().restoredFrom() != null) {
        out.printf("  restored from    %s%n", s.flink().restoredFrom());
      }
    }
    if (s.bridge() != null) {
      out.printf(
          "  http api         %s   (REST /api/v1, OpenAPI at /.well-known/openapi.json)%n",
          s.bridge().url());
      out.printf("  api metrics      %s/metrics%n", s.bridge().url());
    }
    if (s.functions() != null) {
      out.printf(
          "  webhooks         %s   (functions; Stateful Functions runtime pid %d)%n",
          s.functions().url(), s.functions().runtimePid());
      // Said where it is decided: a standalone bridge and functions refuse these by default.
      out.printf(
          "                   delivers to this machine's and private addresses too (one-machine"
              + " stack); a deployment allows only public ones unless configured%n");
    }
    out.printf("  data dir         %s%n", s.dataDir());
    out.printf("  log              %s%n", s.log());
    out.flush();
  }
}
