package io.fleetstream.statefun;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Stateful Functions runtime runs.
 *
 * @param dataDir where its module.yaml, checkpoints and log live; a restart resumes from the latest
 *     checkpoint found there
 * @param moduleYaml the remote module: function endpoints, Kafka ingresses and egresses
 * @param parallelism task slots of its local Flink
 * @param checkpointInterval how often its state and Kafka offsets are checkpointed (the
 *     exactly-once egress commits at the same pace)
 * @param heap the child's maximum heap, e.g. {@code 512m}
 * @param startTimeout how long to wait for its job to run
 */
public record FunctionsRuntimeConfig(
    Path dataDir,
    String moduleYaml,
    int parallelism,
    Duration checkpointInterval,
    String heap,
    Duration startTimeout) {

  public FunctionsRuntimeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(moduleYaml, "moduleYaml");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
    }
    if (checkpointInterval == null || checkpointInterval.toMillis() < 100) {
      throw new IllegalArgumentException("checkpointInterval must be at least 100 ms");
    }
  }
}
