package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.cluster.ClusterStatus;
import io.fleetstream.deploy.cluster.FlinkCluster;
import io.fleetstream.deploy.cluster.JobSubmission;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code upgrade}: the dispatch job on a cluster replaced by a new jar, through a savepoint. */
@Command(
    name = "upgrade",
    description =
        "Replace the dispatch job running on the cluster of --data-dir: stop it with a savepoint,"
            + " then run the new job jar (default: this build's) from that savepoint, optionally at"
            + " another parallelism. Decisions made before the savepoint are not made again;"
            + " inputs after it wait in Kafka.")
public final class UpgradeCommand implements Callable<Integer> {

  @Mixin DataDirOption dir;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "The new job jar (default: flink-job/target/fleetstream-flink-job.jar).")
  Path jar;

  @Option(
      names = "--parallelism",
      paramLabel = "P",
      description = "The new job's parallelism (default: the cluster's).")
  Integer parallelism;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<ClusterStatus> cluster = FlinkCluster.running(dir.dataDir());
    if (cluster.isEmpty()) {
      err.println("error: no cluster runs for " + dir.dataDir());
      return 2;
    }
    URI rest = URI.create(cluster.get().restUrl());
    List<JobID> running = JobSubmission.runningDispatchJobs(rest);
    if (running.size() != 1) {
      err.println(
          "error: "
              + (running.isEmpty() ? "no dispatch job runs" : running.size() + " dispatch jobs run")
              + " on "
              + rest
              + ": nothing to upgrade (use 'submit')");
      return 2;
    }
    Path clusterDir = FlinkCluster.clusterDir(dir.dataDir());
    try {
      out.print("  stopping job " + running.get(0) + " with a savepoint ...");
      out.flush();
      String savepoint =
          JobSubmission.stopWithSavepoint(
              rest, running.get(0), clusterDir, Duration.ofSeconds(120));
      out.println(" done (" + savepoint + ")");
      JobSubmission.Builder next =
          JobSubmission.builder(rest, cluster.get().bootstrapServers())
              .workDir(clusterDir)
              .parallelism(parallelism);
      if (jar != null) {
        next.jobJar(jar.toAbsolutePath());
      }
      JobSubmission.Submitted job = next.build().submit(out, Duration.ofSeconds(180));
      out.println("The dispatch job runs as job " + job.jobId() + " (" + job.tasks() + " tasks).");
      out.println("  restored from  " + job.resumedFrom());
      out.flush();
      return 0;
    } catch (RuntimeException e) {
      out.flush();
      err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
