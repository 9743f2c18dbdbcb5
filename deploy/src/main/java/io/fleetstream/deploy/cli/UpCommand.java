package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.stack.StackLauncher;
import io.fleetstream.deploy.stack.StackStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code up}: starts the embedded stack in the background and returns once it runs. */
@Command(
    name = "up",
    description = "Start Kafka, the topics and the dispatch job (Flink) in the background.")
public final class UpCommand implements Callable<Integer> {

  @Mixin StackOptions options;

  @Mixin MapOption map = new MapOption();

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description =
          "Use this Kafka cluster instead of starting a broker (topics are created there).")
  String kafka;

  @Option(
      names = "--flink",
      paramLabel = "URL",
      description =
          "Run the dispatch job on this Flink cluster (its REST API, e.g. from 'cluster up')"
              + " instead of in the stack's own JVM; its processes must reach the data directory.")
  URI flink;

  @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!kafkaConfig.apply(kafka, spec.commandLine().getErr())) {
      return 1;
    }
    return start(
                options,
                kafka,
                flink,
                map,
                spec.commandLine().getOut(),
                spec.commandLine().getErr())
            != null
        ? 0
        : 1;
  }

  static StackStatus start(
      StackOptions options, MapOption map, java.io.PrintWriter out, java.io.PrintWriter err) {
    return start(options, null, null, map, out, err);
  }

  /**
   * The running stack, or one started now; null when it cannot be (the reason printed). Without
   * {@code --osm} a running stack is taken on whatever map it drives; with it, only on that map.
   */
  static StackStatus start(
      StackOptions options,
      String kafka,
      URI flink,
      MapOption map,
      java.io.PrintWriter out,
      java.io.PrintWriter err) {
    if (map.missing(err)) {
      return null;
    }
    Path osm = map.file();
    StackLauncher launcher = new StackLauncher(options.dataDir(), out);
    if (launcher.live().filter(s -> StackStatus.RUNNING.equals(s.state())).isPresent()) {
      StackStatus status = launcher.live().orElseThrow();
      Path running = status.osmPath();
      if (osm != null && !osm.equals(running)) {
        err.println(
            "error: the running stack drives on the "
                + (running == null ? "embedded Monaco map" : "map " + running)
                + "; stop it ('fleetstream down') to start on "
                + osm);
        err.flush();
        return null;
      }
      out.println("Fleetstream is already running.");
      StatusCommand.print(status, out);
      return status;
    }
    out.println("Starting Fleetstream (data in " + options.dataDir() + ")");
    out.flush();
    try {
      StackStatus status =
          launcher.up(options.port, options.rehearsal, Duration.ofSeconds(180), kafka, flink, osm);
      out.println("Fleetstream is running.");
      StatusCommand.print(status, out);
      return status;
    } catch (RuntimeException e) {
      out.flush();
      err.println("error: " + e.getMessage());
      err.flush();
      return null;
    }
  }
}
