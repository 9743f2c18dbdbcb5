package io.fleetstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.ConsumerProgress;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.jobs.testing.ReliabilityFigures;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tenants with the same job ids, external ids, zone, driver ids and optimize run id go through
 * the whole job at once; every output record (assignments, plans, ETAs, SLA, driver state,
 * webhooks, audit) of one tenant must reference only that tenant's entities. Each tenant also has a
 * job and a driver of its own whose ids (containing {@code only_a} / {@code only_b}) would show up
 * in the other's outputs if any state were shared, and the shared driver id pings from a different
 * place per tenant, so a mixed-up driver state would show the other tenant's position.
 */
class TenantIsolationITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String ZONE = "shared-zone";
  private static final List<Topic> OUTPUTS =
      List.of(
          Topic.ASSIGNMENTS,
          Topic.PLANS,
          Topic.ETA,
          Topic.SLA,
          Topic.DRIVER_STATE,
          Topic.WEBHOOKS,
          Topic.AUDIT);

  /**
   * One tenant's fleet: shared ids plus one job and one driver of its own; where its drv_1 pings
   * from.
   */
  record Tenant(
      String id, String own, GeoPoint drv1Start, GeoPoint ownDriverStart, GeoPoint drv1Ping) {
    Set<String> drivers() {
      return Set.of("drv_1", "drv_" + own);
    }

    Set<String> jobs() {
      return Set.of("job_1", "job_2", "job_" + own);
    }
  }

  // Both tenants' jobs sit at the same spot; each tenant's drv_1 starts next to them.
  static final GeoPoint JOBS_AT = GeoPoint.of(43.7500, 7.4400);
  static final Tenant A =
      new Tenant(
          "acct_tenant_a",
          "only_a",
          GeoPoint.of(43.7490, 7.4390),
          GeoPoint.of(43.7300, 7.4150),
          GeoPoint.of(43.7491, 7.4391));
  static final Tenant B =
      new Tenant(
          "acct_tenant_b",
          "only_b",
          GeoPoint.of(43.7510, 7.4410),
          GeoPoint.of(43.7310, 7.4160),
          GeoPoint.of(43.7512, 7.4412));

  @Test
  void eventsOfTwoTenantsWithIdenticalIdsNeverMix() throws Exception {
    JobClient running = ItJobs.start(KAFKA.bootstrapServers(), ItJobs.steady(), "tenant-isolation");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<EventConsumer.Consumed> seen = new ArrayList<>();
    try (EventConsumer outputs =
            new EventConsumer(KAFKA.bootstrapServers(), OUTPUTS.toArray(Topic[]::new));
        EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      for (Tenant t : List.of(A, B)) {
        producer.send(event(t, EventType.DRIVER_CREATED, "drv_1", driver("drv_1", t.drv1Start())));
        producer.send(
            event(
                t,
                EventType.DRIVER_CREATED,
                "drv_" + t.own(),
                driver("drv_" + t.own(), t.ownDriverStart())));
      }
      producer.flush();
      ConsumerProgress.awaitCaughtUp(
          KAFKA.bootstrapServers(),
          DispatchJob.CONSUMER_GROUP,
          Topic.DRIVERS,
          Duration.ofSeconds(60));
      for (Tenant t : List.of(A, B)) {
        for (JobData job : jobs(t, now)) {
          producer.send(event(t, EventType.JOB_CREATED, job.jobId(), job));
        }
      }
      producer.flush();
      await("every job of both tenants assigned")
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                return jobsAssigned(seen, A).size() == 3 && jobsAssigned(seen, B).size() == 3;
              });

      Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (Tenant t : List.of(A, B)) {
        producer.send(
            event(
                t,
                EventType.TELEMETRY_PING,
                "drv_1",
                new TelemetryData(
                    "drv_1", t.drv1Ping().lat(), t.drv1Ping().lng(), 5.0, 45.0, 5.0, at)));
        // The same run id and correlation id for both: each tenant's own snapshot.
        producer.send(
            event(
                t,
                EventType.OPTIMIZE_REQUESTED,
                "opt_1",
                new OptimizeRequestData(
                    "opt_1",
                    "corr_1",
                    "plan",
                    null,
                    jobs(t, now),
                    List.of(
                        driver("drv_1", t.drv1Start()),
                        driver("drv_" + t.own(), t.ownDriverStart())),
                    at)));
      }
      producer.flush();
      await("driver state, ETAs, plans, SLA, webhooks and audit for both tenants")
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                assertThat(missingOutputs(seen))
                    .as("tenant/topic pairs with no output yet")
                    .isEmpty();
              });
      // A few more checkpoints' worth of output, for whatever might cross tenants late.
      await("a few more commits")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(6))
          .untilAsserted(() -> seen.addAll(outputs.poll(Duration.ofMillis(200))));
    } finally {
      running.cancel().get(30, TimeUnit.SECONDS);
    }

    assertThat(seen)
        .allSatisfy(
            c -> {
              assertThat(c.invalidReason()).as("output breaks its schema").isNull();
              assertThat(c.event().tenant()).isIn(A.id(), B.id());
            });
    Map<String, Long> perTopic = new java.util.TreeMap<>();
    for (Tenant t : List.of(A, B)) {
      Tenant other = t == A ? B : A;
      List<EventConsumer.Consumed> mine =
          seen.stream().filter(c -> t.id().equals(c.event().tenant())).toList();
      mine.forEach(c -> perTopic.merge(c.topic(), 1L, Long::sum));
      assertThat(mine)
          .allSatisfy(
              c -> {
                assertThat(c.key()).as("the record key of %s", c).startsWith(t.id() + "/");
                String json = new String(EventJson.toBytes(c.event()), StandardCharsets.UTF_8);
                assertThat(json)
                    .as("%s output on %s", t.id(), c.topic())
                    .doesNotContain(other.own())
                    .doesNotContain(other.id());
              });
      assertThat(assigned(seen, t))
          .allSatisfy(
              a -> {
                assertThat(a.driverId()).isIn(t.drivers());
                assertThat(a.jobId()).isIn(t.jobs());
              });
      assertThat(jobsAssigned(seen, t)).isEqualTo(t.jobs());
      assertThat(of(seen, t, EventType.ETA_UPDATED))
          .extracting(e -> e.data(EtaData.class))
          .allSatisfy(
              eta -> {
                assertThat(eta.driverId()).isIn(t.drivers());
                assertThat(eta.jobId()).isIn(t.jobs());
              });
      assertThat(of(seen, t, EventType.DRIVER_STATE_UPDATED))
          .extracting(e -> e.data(DriverStateData.class))
          .filteredOn(s -> s.driverId().equals("drv_1"))
          .isNotEmpty()
          .allSatisfy(
              s ->
                  assertThat(s.lat())
                      .as("%s's drv_1 is where %s's drv_1 pinged", t.id(), t.id())
                      .isCloseTo(t.drv1Ping().lat(), within(0.0005)));
      assertThat(of(seen, t, EventType.OPTIMIZE_COMPLETED))
          .extracting(e -> e.data(PlanData.class))
          .singleElement()
          .satisfies(
              plan -> {
                assertThat(plan.runId()).isEqualTo("opt_1");
                List<String> placed = new ArrayList<>();
                plan.routes()
                    .forEach(
                        r -> {
                          assertThat(r.driverId()).isIn(t.drivers());
                          r.stops().forEach(s -> placed.add(s.jobId()));
                        });
                plan.unassigned().forEach(u -> placed.add(u.jobId()));
                assertThat(placed).containsExactlyInAnyOrderElementsOf(t.jobs());
              });
    }
    System.out.printf(
        "stream tenant isolation: %d output records of 2 tenants checked, per topic %s%n",
        seen.size(), perTopic);
    // Written once every assertion above held; a failure shows in verify-reliability from the test
    // report.
    ReliabilityFigures.write(
        "tenant-isolation-stream",
        List.of(
            ReliabilityFigures.row(
                "isolation",
                "stream: outputs of 2 tenants with identical job, driver, zone and run ids",
                seen.size(),
                "records",
                0,
                "mixed")));
  }

  private static List<JobData> jobs(Tenant t, Instant now) {
    return List.of(
        job("job_1", "order-1", now.plus(Duration.ofHours(2))),
        // Due in 15 minutes with 20 minutes of service: at risk for both tenants.
        job("job_2", "order-2", now.plus(Duration.ofMinutes(15))),
        job("job_" + t.own(), "order-" + t.own(), now.plus(Duration.ofHours(3))));
  }

  private static JobData job(String id, String externalId, Instant windowEnd) {
    return new JobData(
        id,
        externalId,
        JOBS_AT,
        20.0,
        null,
        List.of(
            new TimeWindow(
                windowEnd.minus(Duration.ofHours(3)).atOffset(ZoneOffset.UTC),
                windowEnd.atOffset(ZoneOffset.UTC))),
        null,
        null,
        ZONE);
  }

  private static DriverData driver(String id, GeoPoint start) {
    return new DriverData(
        id, "emp-" + id, "Driver " + id, null, start, null, null, null, null, ZONE);
  }

  private static List<AssignmentData> assigned(List<EventConsumer.Consumed> seen, Tenant t) {
    return of(seen, t, EventType.ASSIGNMENT_ASSIGNED).stream()
        .map(e -> e.data(AssignmentData.class))
        .toList();
  }

  private static Set<String> jobsAssigned(List<EventConsumer.Consumed> seen, Tenant t) {
    return assigned(seen, t).stream()
        .map(AssignmentData::jobId)
        .collect(java.util.stream.Collectors.toSet());
  }

  private static List<CloudEvent> of(List<EventConsumer.Consumed> seen, Tenant t, EventType type) {
    return seen.stream()
        .map(EventConsumer.Consumed::event)
        .filter(e -> e != null && e.eventType() == type && t.id().equals(e.tenant()))
        .toList();
  }

  private static CloudEvent event(Tenant t, EventType type, String key, EventData data) {
    return CloudEvent.create(type, "/test", t.id(), key, data);
  }

  /** Each tenant/topic pair that has not had an output record yet, as {@code tenant topic}. */
  private static List<String> missingOutputs(List<EventConsumer.Consumed> seen) {
    List<String> missing = new ArrayList<>();
    for (Tenant t : List.of(A, B)) {
      for (Topic topic : OUTPUTS) {
        boolean any =
            seen.stream()
                .anyMatch(
                    c ->
                        c.topic().equals(topic.topicName())
                            && c.event() != null
                            && t.id().equals(c.event().tenant()));
        if (!any) {
          missing.add(t.id() + " " + topic.topicName());
        }
      }
    }
    return missing;
  }
}
