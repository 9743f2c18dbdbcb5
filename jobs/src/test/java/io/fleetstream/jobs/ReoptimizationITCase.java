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
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.ReplanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Windowed re-optimization through the real job: jobs the only driver took on the far side of the
 * zone move to a driver who joins next to them, once the zone is re-solved and the new plan is
 * adopted through the feedback topic — a pickup-and-delivery job with its goods still to collect
 * among them.
 */
class ReoptimizationITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String TENANT = "acct_reopt";
  private static final String ZONE = "reopt-zone";

  @Test
  void aDriverWhoJoinsNextToFarAwayJobsGetsThemWhenTheZoneIsResolved() throws Exception {
    JobClient running =
        ItJobs.start(
            KAFKA.bootstrapServers(),
            ItJobs.steady()
                .withReoptimization(
                    new DispatchJobConfig.Reoptimization(
                        50, Duration.ofSeconds(2), Duration.ofSeconds(1), 0.05)),
            "reoptimization");
    List<CloudEvent> seen = new ArrayList<>();
    try (EventConsumer outputs =
            new EventConsumer(
                KAFKA.bootstrapServers(), Topic.ASSIGNMENTS, Topic.PLANS, Topic.COMMANDS);
        EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      producer.send(
          event(EventType.DRIVER_CREATED, "drv_west", driver("drv_west", 43.7280, 7.4150)));
      for (int i = 0; i < 3; i++) {
        JobData job = job("job_" + i, 43.7480 + i * 0.0005, 7.4380);
        if (i == 1) {
          // Goods collected at an east depot first: a pair whose pickup is still to make moves too.
          job =
              job.withDelivery(
                  new Pickup(GeoPoint.of(43.7490, 7.4390), 2.0, null), null, null, null);
        }
        producer.send(event(EventType.forJob(true, job), "job_" + i, job));
      }
      producer.flush();
      await("the only driver takes all three")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                poll(outputs, seen);
                return latestDriverOf(seen).size() == 3;
              });

      producer.send(
          event(EventType.DRIVER_CREATED, "drv_east", driver("drv_east", 43.7482, 7.4382)));
      producer.flush();
      // The moves and the adopted plan may be committed by different sink subtasks (one
      // transaction each), so the plan can become readable a moment after the moves: wait for both.
      await("the re-solved plan moves them east, and the plan is published")
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                poll(outputs, seen);
                return latestDriverOf(seen).values().stream().allMatch("drv_east"::equals)
                    && seen.stream()
                        .filter(e -> e.eventType() == EventType.OPTIMIZE_COMPLETED)
                        .anyMatch(e -> e.data(PlanData.class).runId().startsWith("reopt_" + ZONE));
              });
    } finally {
      running.cancel().get(30, TimeUnit.SECONDS);
    }

    List<ReplanData> replans =
        seen.stream()
            .filter(e -> e.eventType() == EventType.DISPATCH_REPLAN)
            .map(e -> e.data(ReplanData.class))
            .toList();
    assertThat(replans).isNotEmpty();
    assertThat(replans.get(replans.size() - 1).improvement()).isGreaterThan(0.05);
    PlanData adopted =
        seen.stream()
            .filter(e -> e.eventType() == EventType.OPTIMIZE_COMPLETED)
            .map(e -> e.data(PlanData.class))
            .filter(p -> p.runId().startsWith("reopt_" + ZONE))
            .reduce((first, later) -> later)
            .orElseThrow();
    assertThat(adopted.routes())
        .filteredOn(r -> r.driverId().equals("drv_east"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.stops())
                    .filteredOn(s -> s.jobId().equals("job_1"))
                    .extracting(PlanStop::kind)
                    .as("the pair moves whole: its pickup, then its delivery")
                    .containsExactly(PlanStop.PICKUP, PlanStop.DROPOFF));
  }

  private static Map<String, String> latestDriverOf(List<CloudEvent> seen) {
    return seen.stream()
        .filter(e -> e.eventType() == EventType.ASSIGNMENT_ASSIGNED)
        .map(e -> e.data(AssignmentData.class))
        .collect(
            Collectors.toMap(
                AssignmentData::jobId, AssignmentData::driverId, (first, later) -> later));
  }

  private static void poll(EventConsumer outputs, List<CloudEvent> seen) {
    outputs
        .poll(Duration.ofMillis(200))
        .forEach(
            c -> {
              assertThat(c.invalidReason()).isNull();
              if (TENANT.equals(c.event().tenant())) {
                seen.add(c.event());
              }
            });
  }

  private static JobData job(String id, double lat, double lng) {
    return new JobData(id, null, GeoPoint.of(lat, lng), 15.0, null, null, null, null, ZONE);
  }

  private static DriverData driver(String id, double lat, double lng) {
    return new DriverData(id, null, null, null, GeoPoint.of(lat, lng), null, null, null, 8, ZONE);
  }

  private static CloudEvent event(EventType type, String key, EventData data) {
    return CloudEvent.create(type, "/test", TENANT, key, data);
  }
}
