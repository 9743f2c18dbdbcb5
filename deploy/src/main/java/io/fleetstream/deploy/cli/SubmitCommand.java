package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.cluster.ClusterStatus;
import io.fleetstream.deploy.cluster.FlinkCluster;
import io.fleetstream.deploy.cluster.JobSubmission;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code submit}: the dispatch job onto a Flink cluster through its REST API. */
@Command(
    name = "submit",
    description =
        "Upload the dispatch job's jar to a Flink cluster through its REST API and run it. With"
            + " --data-dir, the cluster and Kafka started there by 'cluster up'; or any cluster"
            + " with --cluster and --kafka.")
public final class SubmitCommand implements Callable<Integer> {

  @Mixin DataDirOption dir;

  @Option(names = "--cluster", paramLabel = "URL", description = "The Flink REST API.")
  URI cluster;

  @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "The Kafka cluster.")
  String kafka;

  @Option(
      names = "--parallelism",
      paramLabel = "P",
      description = "The job's parallelism (default: the cluster's).")
  Integer parallelism;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "4",
      description = "Partitions of topics that do not exist yet (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "R",
      defaultValue = "1",
      description = "Replicas of topics that do not exist yet (default: ${DEFAULT-VALUE}).")
  int replicationFactor;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "The job's checkpoints and savepoints, on a path every Flink process reaches; the job"
              + " resumes from the newest there (default with --data-dir: its cluster directory;"
              + " else the cluster's own checkpoint setting and no resumption).")
  Path stateDir;

  @Option(
      names = "--road-data-dir",
      paramLabel = "DIR",
      description =
          "The road graph, on a path every TaskManager reaches (default with --data-dir: its"
              + " cluster/graph; else straight-line travel).")
  Path roadDataDir;

  @Mixin MapOption map = new MapOption();

  @Mixin KafkaConfigOption kafkaConfig = new KafkaConfigOption();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI url = cluster;
    String bootstrap = kafka;
    Path state = stateDir;
    Path graph = roadDataDir;
    if (url == null || bootstrap == null) {
      Optional<ClusterStatus> local = FlinkCluster.running(dir.dataDir());
      if (local.isEmpty()) {
        err.println(
            "error: no cluster runs for "
                + dir.dataDir()
                + ": start one with 'bin/fleetstream cluster up', or name one with --cluster URL"
                + " and --kafka BOOTSTRAP");
        return 2;
      }
      Path clusterDir = FlinkCluster.clusterDir(dir.dataDir());
      url = url != null ? url : URI.create(local.get().restUrl());
      bootstrap = bootstrap != null ? bootstrap : local.get().bootstrapServers();
      state = state != null ? state : clusterDir;
      graph = graph != null ? graph : JobSubmission.roadGraphIn(clusterDir);
    }
    if (map.missing(err)) {
      return 2;
    }
    Path osm = map.file();
    if (osm != null && graph == null) {
      err.println("error: --osm needs a place for its graph: --road-data-dir DIR or --data-dir");
      return 2;
    }
    if (!kafkaConfig.apply(bootstrap, err)) {
      return 2;
    }
    out.println("Submitting the dispatch job to " + url + " (Kafka " + bootstrap + ")");
    out.flush();
    try {
      JobSubmission.Submitted job =
          JobSubmission.builder(url, bootstrap)
              .stateDir(state)
              .roadDataDir(graph)
              .osmFile(osm)
              .parallelism(parallelism)
              .topics(partitions, replicationFactor)
              .build()
              .submit(out, Duration.ofSeconds(180));
      out.println("The dispatch job runs as job " + job.jobId() + " (" + job.tasks() + " tasks).");
      if (job.resumedFrom() != null) {
        out.println("  restored from  " + job.resumedFrom());
      }
      out.println("  Watch it at " + url + "/#/job/running/" + job.jobId() + "/overview");
      out.flush();
      return 0;
    } catch (RuntimeException e) {
      out.flush();
      err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
