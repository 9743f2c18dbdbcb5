package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.cluster.ClusterStatus;
import io.fleetstream.deploy.cluster.FlinkCluster;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cluster up|status|down}: a standalone Flink session cluster on this machine. */
@Command(
    name = "cluster",
    description =
        "A real Flink cluster on this machine: a JobManager and TaskManager processes started from"
            + " Flink's own entry points, and a Kafka broker unless --kafka names one. Submit the"
            + " dispatch job to it with 'submit'.",
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class})
public final class ClusterCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code cluster up}. */
  @Command(name = "up", description = "Start the cluster in the background; print its addresses.")
  public static final class Up implements Callable<Integer> {
    @Mixin DataDirOption dir;

    @Option(
        names = "--taskmanagers",
        paramLabel = "N",
        defaultValue = "2",
        description = "TaskManager processes (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(
        names = "--slots",
        paramLabel = "S",
        defaultValue = "2",
        description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(
        names = "--port",
        paramLabel = "PORT",
        defaultValue = "0",
        description =
            "Base port: Kafka on PORT, Flink's REST API and web UI on PORT+1, Flink's Prometheus"
                + " metrics from PORT+3 (default: 9092, 8081 and 9249 when free, else free ports).")
    int port;

    @Option(
        names = "--kafka",
        paramLabel = "BOOTSTRAP",
        description = "Use this Kafka cluster instead of starting a broker.")
    String kafka;

    @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!kafkaConfig.apply(kafka, err)) {
        return 1;
      }
      Optional<ClusterStatus> running =
          FlinkCluster.running(dir.dataDir()).filter(ClusterStatus::allAlive);
      if (running.isPresent()) {
        out.println("The cluster is already running.");
        print(running.get(), out);
        return 0;
      }
      out.println(
          "Starting a Flink cluster (data in " + FlinkCluster.clusterDir(dir.dataDir()) + ")");
      out.flush();
      try {
        ClusterStatus status =
            FlinkCluster.builder(dir.dataDir())
                .taskManagers(taskManagers)
                .slots(slots)
                .basePort(port)
                .kafka(kafka)
                .build()
                .up(out, Duration.ofSeconds(180));
        out.println("The cluster is running.");
        print(status, out);
        out.println("Next: bin/fleetstream submit --data-dir " + dir.dataDir());
        return 0;
      } catch (RuntimeException e) {
        out.flush();
        err.println("error: " + e.getMessage());
        return 1;
      }
    }
  }

  /** {@code cluster status}. */
  @Command(
      name = "status",
      description = "Show the cluster's addresses. Exit code 3 when not running.")
  public static final class Status implements Callable<Integer> {
    @Mixin DataDirOption dir;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Optional<ClusterStatus> running = FlinkCluster.running(dir.dataDir());
      if (running.isEmpty()) {
        out.println("No cluster is running for " + dir.dataDir() + ".");
        return StatusCommand.NOT_RUNNING;
      }
      print(running.get(), out);
      return 0;
    }
  }

  /** {@code cluster down}. */
  @Command(
      name = "down",
      description =
          "Stop the dispatch job with a savepoint (the next 'submit' resumes from it), then every"
              + " process the cluster started.")
  public static final class Down implements Callable<Integer> {
    @Mixin DataDirOption dir;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          FlinkCluster.down(dir.dataDir(), out)
              ? "Cluster stopped."
              : "No cluster was started there.");
      return 0;
    }
  }

  private static String described(ClusterStatus s, long pid) {
    return s.alive(pid) ? Long.toString(pid) : pid + " (gone)";
  }

  static void print(ClusterStatus s, PrintWriter out) {
    out.println("  Flink REST API and web UI  " + s.restUrl());
    out.println("  Kafka bootstrap servers    " + s.bootstrapServers());
    out.println("  JobManager                 pid " + described(s, s.jobManagerPid()));
    out.println(
        "  TaskManagers               pids "
            + s.taskManagerPids().stream().map(pid -> described(s, pid)).toList());
    if (s.brokerPid() > 0) {
      out.println("  Kafka broker               pid " + described(s, s.brokerPid()));
    }
    out.println("  Flink metrics (Prometheus) ports " + s.metricsPorts());
    out.flush();
  }
}
