package io.fleetstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager dies in the middle of the stream. After Flink restores the last checkpoint, a
 * read_committed consumer still sees every decision exactly once: none lost, none doubled.
 */
class ExactlyOnceUnderFailureITCase {

  private static final int JOBS = 400;
  private static final String TENANT = "acct_failover";

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(2)
              .setNumberSlotsPerTaskManager(
                  1) // parallelism 2 on 1-slot TaskManagers: each one runs part of the job
              .setConfiguration(restartQuickly())
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static Configuration restartQuickly() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
    return conf;
  }

  @Test
  void killingATaskManagerMidStreamLosesAndDoublesNothing(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    // Re-optimization would legitimately move jobs; this test is about each decision once.
    JobClient running =
        ItJobs.start(KAFKA.bootstrapServers(), ItJobs.steady(), "exactly-once-under-failure");
    List<EventConsumer.Consumed> seen = new ArrayList<>();
    try (EventConsumer outputs = new EventConsumer(KAFKA.bootstrapServers(), Topic.ASSIGNMENTS);
        EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      producer.send(driver("drv_a", 43.7300, 7.4150));
      producer.send(driver("drv_b", 43.7450, 7.4350));
      producer.flush();
      for (int i = 0; i < JOBS; i++) {
        producer.send(job("job_" + i, 43.7300 + (i % 20) * 0.001, 7.4150 + (i / 20) * 0.001));
        if (i % 20 == 19) {
          producer.flush();
          seen.addAll(outputs.poll(Duration.ofMillis(50)));
        }
        if (i == JOBS / 2) {
          // Only once decisions are flowing: the failure must hit a job that has committed output.
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> {
                    seen.addAll(outputs.poll(Duration.ofMillis(100)));
                    return assigned(seen).size() > 20;
                  });
          cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
          cluster.startTaskManager(); // the replacement machine the job restarts on
        }
      }
      producer.flush();

      await("all " + JOBS + " jobs assigned after the failure")
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                return assigned(seen).stream().map(AssignmentData::jobId).distinct().count()
                    >= JOBS;
              });
      await("no assignment beyond one per job over a few more commits")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(6))
          .until(
              () -> {
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                return assigned(seen).size() == JOBS;
              });
    }

    int maxAttempt = 0;
    for (AccessExecutionVertex vertex :
        cluster
            .getExecutionGraph(running.getJobID())
            .get(30, TimeUnit.SECONDS)
            .getAllExecutionVertices()) {
      maxAttempt = Math.max(maxAttempt, vertex.getCurrentExecutionAttempt().getAttemptNumber());
    }
    assertThat(maxAttempt).as("tasks were restarted after the TaskManager died").isPositive();
    List<AssignmentData> assignments = assigned(seen);
    Map<String, Long> perJob =
        assignments.stream()
            .collect(Collectors.groupingBy(AssignmentData::jobId, Collectors.counting()));
    assertThat(perJob).hasSize(JOBS);
    assertThat(perJob.values()).as("assignments per job").containsOnly(1L);
    assertThat(
            seen.stream()
                .map(c -> c.event().id())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .values())
        .as("every output event id appears once")
        .containsOnly(1L);
    running.cancel().get(30, TimeUnit.SECONDS);
  }

  private static List<AssignmentData> assigned(List<EventConsumer.Consumed> seen) {
    return seen.stream()
        .filter(c -> c.event() != null && c.event().eventType() == EventType.ASSIGNMENT_ASSIGNED)
        .map(c -> c.event().data(AssignmentData.class))
        .toList();
  }

  private static CloudEvent driver(String id, double lat, double lng) {
    return CloudEvent.create(
        EventType.DRIVER_CREATED,
        "/test",
        TENANT,
        id,
        new DriverData(
            id, null, null, null, GeoPoint.of(lat, lng), null, null, null, 1000, "failover-zone"));
  }

  private static CloudEvent job(String id, double lat, double lng) {
    return CloudEvent.create(
        EventType.JOB_CREATED,
        "/test",
        TENANT,
        id,
        new JobData(
            id, null, GeoPoint.of(lat, lng), 10.0, null, null, null, null, "failover-zone"));
  }
}
