package io.fleetstream.bridge.testing;

import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.jobs.DispatchJob;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.awaitility.Awaitility;

/**
 * The real dispatch job (the jobs module's Kafka graph) running on the test's Flink MiniCluster.
 */
public final class DispatchStack implements AutoCloseable {

  private final JobClient client;

  private DispatchStack(JobClient client) {
    this.client = client;
  }

  /**
   * Creates the topics first (the job's sources need them), then starts the job and waits until it
   * runs.
   */
  public static DispatchStack start(String bootstrap) throws Exception {
    TopicAdmin.builder().bootstrapServers(bootstrap).partitions(2).build().ensureTopics();
    DispatchJob job =
        DispatchJob.forKafka(bootstrap)
            .config(DispatchJobConfig.defaults().withCheckpointInterval(Duration.ofMillis(300)))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    job.configure(env);
    env.setParallelism(2);
    job.addTo(env);
    JobClient client = env.executeAsync("dispatch-for-bridge-itcase");
    Awaitility.await("dispatch job running")
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.getJobStatus().get(10, TimeUnit.SECONDS) == JobStatus.RUNNING);
    awaitFirstDecision(bootstrap);
    return new DispatchStack(client);
  }

  /**
   * "Running" is not "answering": the first checkpoint (which commits the first output) can take a
   * while on a busy machine. A probe job for a probe tenant proves the whole path works.
   */
  private static void awaitFirstDecision(String bootstrap) {
    String tenant = "acct_probe";
    try (EventProducer producer = new EventProducer(bootstrap);
        EventConsumer assignments = new EventConsumer(bootstrap, Topic.ASSIGNMENTS)) {
      producer.send(
          CloudEvent.create(
              EventType.DRIVER_CREATED,
              "/probe",
              tenant,
              "drv_probe",
              new DriverData(
                  "drv_probe",
                  null,
                  null,
                  null,
                  GeoPoint.of(43.73, 7.42),
                  null,
                  null,
                  null,
                  null,
                  null)));
      producer.send(
          CloudEvent.create(
              EventType.JOB_CREATED,
              "/probe",
              tenant,
              "job_probe",
              new JobData(
                  "job_probe",
                  null,
                  GeoPoint.of(43.731, 7.421),
                  5.0,
                  null,
                  null,
                  null,
                  null,
                  null)));
      producer.flush();
      Awaitility.await("the dispatch job's first decision")
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  assignments.poll(Duration.ofMillis(200)).stream()
                      .anyMatch(c -> c.event() != null && tenant.equals(c.event().tenant())));
    }
  }

  @Override
  public void close() throws Exception {
    client.cancel().get(30, TimeUnit.SECONDS);
  }
}
