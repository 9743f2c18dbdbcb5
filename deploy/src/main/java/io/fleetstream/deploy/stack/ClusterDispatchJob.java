package io.fleetstream.deploy.stack;

import io.fleetstream.deploy.cluster.JobSubmission;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's dispatch job on a Flink cluster ({@code up --flink URL}): submitted through the
 * cluster's REST API with the stack's data directory as its state directory, so it resumes from the
 * savepoint the last {@code down} took, as the embedded job does. The directory must be one the
 * cluster's processes reach (on this machine, it is).
 */
final class ClusterDispatchJob implements DispatchJobRun {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterDispatchJob.class);

  private final URI cluster;
  private final Path dataDir;
  private final JobID jobId;
  private final String restoredFrom;

  private ClusterDispatchJob(URI cluster, Path dataDir, JobID jobId, String restoredFrom) {
    this.cluster = cluster;
    this.dataDir = dataDir;
    this.jobId = jobId;
    this.restoredFrom = restoredFrom;
  }

  static ClusterDispatchJob submit(
      URI cluster,
      String bootstrapServers,
      Path dataDir,
      Path osmFile,
      int partitions,
      Duration timeout) {
    StringWriter steps = new StringWriter();
    JobSubmission.Submitted submitted =
        JobSubmission.builder(cluster, bootstrapServers)
            .workDir(dataDir)
            .osmFile(osmFile)
            .topics(partitions, 1)
            .build()
            .submit(new PrintWriter(steps, true), timeout);
    LOG.info("dispatch job submitted to {}:\n{}", cluster, steps);
    return new ClusterDispatchJob(cluster, dataDir, submitted.jobId(), submitted.resumedFrom());
  }

  @Override
  public String jobId() {
    return jobId.toHexString();
  }

  @Override
  public String restoredFrom() {
    return restoredFrom;
  }

  @Override
  public void stop(Duration timeout) {
    try {
      String location = JobSubmission.stopWithSavepoint(cluster, jobId, dataDir, timeout);
      LOG.info("dispatch job stopped on {} with savepoint {}", cluster, location);
    } catch (RuntimeException e) {
      // The job keeps running on the cluster: say so rather than leave it unnoticed.
      LOG.error(
          "stopping the dispatch job {} on {} with a savepoint failed; it may still run there: {}",
          jobId,
          cluster,
          e.getMessage());
    }
  }
}
