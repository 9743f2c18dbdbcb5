package io.fleetstream.jobs;

import io.fleetstream.connectors.kafka.TopicAdmin;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Starts the dispatch job the way the ITCases run it: topics made, two instances of each operator.
 */
final class ItJobs {

  private ItJobs() {}

  /**
   * 300 ms checkpoints, and no re-optimization, which would legitimately move jobs the test
   * watches.
   */
  static DispatchJobConfig steady() {
    return DispatchJobConfig.defaults()
        .withCheckpointInterval(Duration.ofMillis(300))
        .withReoptimization(DispatchJobConfig.Reoptimization.off());
  }

  static JobClient start(String bootstrapServers, DispatchJobConfig config, String name)
      throws Exception {
    TopicAdmin.builder().bootstrapServers(bootstrapServers).partitions(2).build().ensureTopics();
    DispatchJob job = DispatchJob.forKafka(bootstrapServers).config(config).build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    job.configure(env);
    env.setParallelism(2);
    job.addTo(env);
    return env.executeAsync(name);
  }
}
