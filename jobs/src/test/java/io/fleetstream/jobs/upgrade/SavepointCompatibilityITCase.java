package io.fleetstream.jobs.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.jobs.DispatchJob;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upgrade keeps the fleet: the current job restores the savepoints that earlier versions of the
 * job wrote (hash-map backend, restored on RocksDB) and goes on deciding with the drivers and jobs
 * they hold. Version 1: the first dispatch job. Version 2: jobs gained a lock flag, and the
 * tracker, SLA watcher and optimization operators appeared. Version 3: jobs and drivers of the
 * version-2 events (goods and tags; vehicles and breaks) in state. Every new state version adds a
 * fixture.
 */
class SavepointCompatibilityITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  @TempDir Path checkpoints;
  @TempDir Path kafkaDir;

  /** Every state version's fixture, oldest first; a new state version appends its own. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dispatch-v1", "dispatch-v2", "dispatch-v3"})
  void anOlderSavepointRestoresAndItsDriversAndJobsKeepWorking(String fixtureName)
      throws Exception {
    try (KafkaBroker broker = KafkaBroker.builder().dataDir(kafkaDir).build().start()) {
      restoreAndCheck(broker.bootstrapServers(), "/savepoints/" + fixtureName);
    }
  }

  private void restoreAndCheck(String bootstrap, String fixtureResource) throws Exception {
    TopicAdmin.builder().bootstrapServers(bootstrap).partitions(1).build().ensureTopics();
    try (EventProducer producer = new EventProducer(bootstrap)) {
      // The savepoint's source position is offset 1 of the jobs topic; one record of another
      // tenant fills offset 0 so that position is valid on this fresh broker.
      producer
          .send(
              CloudEvent.create(
                  EventType.JOB_CREATED,
                  "/test",
                  "acct_filler",
                  "job_filler",
                  new JobData(
                      "job_filler",
                      null,
                      GeoPoint.of(1.0, 1.0),
                      null,
                      null,
                      null,
                      null,
                      null,
                      null)))
          .get();
    }
    Configuration conf =
        DispatchJobConfig.defaults().withCheckpointDir(checkpoints).toFlinkConfiguration();
    Path fixture = Path.of(getClass().getResource(fixtureResource).toURI());
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fixture.toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    DispatchJob job = DispatchJob.forKafka(bootstrap).config(DispatchJobConfig.defaults()).build();
    job.configure(env);
    env.setParallelism(1);
    job.addTo(env);
    JobClient running = env.executeAsync("restore-v1");
    List<EventConsumer.Consumed> seen = new ArrayList<>();
    try (EventConsumer outputs = new EventConsumer(bootstrap, Topic.ASSIGNMENTS, Topic.DLQ);
        EventProducer producer = new EventProducer(bootstrap)) {
      // East is full with its restored job, so the only free driver, far-away West, gets this one.
      producer.send(job("job_v2_first", 43.7476, 7.4375));
      producer.flush();
      AssignmentData first = awaitAssignment(outputs, seen, "job_v2_first");
      assertThat(first.driverId()).isEqualTo("drv_v1_west");

      // The restored job completes: its route and its driver's load were restored too.
      producer.send(
          SavepointFixtures.event(
              EventType.JOB_COMPLETED,
              "job_v1_east",
              new JobStatusData(
                  "job_v1_east",
                  "drv_v1_east",
                  Instant.parse("2026-05-08T17:00:00Z"),
                  null,
                  null)));
      producer.send(job("job_v2_second", 43.7476, 7.4375));
      producer.flush();
      AssignmentData second = awaitAssignment(outputs, seen, "job_v2_second");
      assertThat(second.driverId()).isEqualTo("drv_v1_east");
      assertThat(seen)
          .as("nothing was dead-lettered")
          .noneMatch(
              c ->
                  c.event() != null
                      && c.event().eventType() == EventType.DLQ_REJECTED
                      && SavepointFixtures.TENANT.equals(c.event().tenant()));
    } finally {
      running.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  private static AssignmentData awaitAssignment(
      EventConsumer outputs, List<EventConsumer.Consumed> seen, String jobId) {
    await(jobId + " assigned")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              seen.addAll(outputs.poll(Duration.ofMillis(200)));
              return find(seen, jobId).isPresent();
            });
    return find(seen, jobId).orElseThrow();
  }

  private static Optional<AssignmentData> find(List<EventConsumer.Consumed> seen, String jobId) {
    return seen.stream()
        .filter(c -> c.event() != null && c.event().eventType() == EventType.ASSIGNMENT_ASSIGNED)
        .map(c -> c.event().data(AssignmentData.class))
        .filter(a -> a.jobId().equals(jobId))
        .findFirst();
  }

  private static CloudEvent job(String id, double lat, double lng) {
    return SavepointFixtures.event(
        EventType.JOB_CREATED,
        id,
        new JobData(
            id, null, GeoPoint.of(lat, lng), 15.0, null, null, null, null, SavepointFixtures.ZONE));
  }
}
