package io.fleetstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.ConsumerProgress;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.jobs.dispatch.InsertionPolicy;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.SlaData;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.events.Vehicle;
import io.fleetstream.schemas.events.WebhookEventData;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Telemetry through the whole job: a driver drives, the tracker publishes their state and ETAs, the
 * SLA watcher flags the job that cannot make its window, and subscribers get webhook events.
 */
class StreamingOutputsITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String TENANT = "acct_stream";
  private static final String ZONE = "stream-zone";

  @Test
  void pingsBecomeDriverStateEtasSlaRiskAndWebhookEvents() throws Exception {
    // No re-optimization: the second driver must get the tight job through drift, not a re-plan.
    JobClient running =
        ItJobs.start(KAFKA.bootstrapServers(), ItJobs.steady(), "streaming-outputs");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<EventConsumer.Consumed> seen = new ArrayList<>();
    try (EventConsumer outputs =
            new EventConsumer(
                KAFKA.bootstrapServers(),
                Topic.ASSIGNMENTS,
                Topic.ETA,
                Topic.SLA,
                Topic.DRIVER_STATE,
                Topic.WEBHOOKS,
                Topic.PLANS,
                Topic.AUDIT);
        EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      producer.send(
          event(
              EventType.DRIVER_CREATED,
              "drv_1",
              new DriverData(
                  "drv_1",
                  null,
                  "Ana",
                  null,
                  GeoPoint.of(43.7300, 7.4150),
                  null,
                  null,
                  null,
                  null,
                  ZONE)));
      producer.flush();
      ConsumerProgress.awaitCaughtUp(
          KAFKA.bootstrapServers(),
          DispatchJob.CONSUMER_GROUP,
          Topic.DRIVERS,
          Duration.ofSeconds(60));
      // ~3 km away (about 8 min): comfortably on time within two hours; within 15 minutes the
      // driver
      // can still arrive in the window (so the job is assigned), but 20 minutes of service end well
      // past
      // the window less the SLA margin: at risk.
      producer.send(
          event(
              EventType.JOB_CREATED,
              "job_relaxed",
              job("job_relaxed", now.plus(Duration.ofHours(2)))));
      producer.send(
          event(
              EventType.JOB_CREATED,
              "job_tight",
              job("job_tight", now.plus(Duration.ofMinutes(15)))));
      producer.flush();
      await("both jobs assigned")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                return of(seen, EventType.ASSIGNMENT_ASSIGNED).size() == 2;
              });

      producer.send(
          event(
              EventType.OPTIMIZE_REQUESTED,
              "opt_1",
              new OptimizeRequestData(
                  "opt_1",
                  "corr_1",
                  "plan",
                  null,
                  List.of(job("job_relaxed", now.plus(Duration.ofHours(2)))),
                  List.of(),
                  Instant.now().truncatedTo(ChronoUnit.MILLIS))));
      // Version 2: a pickup-and-delivery job, live (placed on Ana's route as a pair: its pickup,
      // then its delivery) and in a run (pickup first, then its delivery, on a van within its
      // capacity). Collected 1.4 km past Ana's other jobs and delivered 1.4 km further, in the
      // evening: cheapest after them, so it does not make them late when she wanders off below.
      JobData pair =
          job("job_pair", GeoPoint.of(43.7700, 7.4600), now.plus(Duration.ofHours(10)))
              .withDelivery(
                  new Pickup(GeoPoint.of(43.7600, 7.4500), 5.0, null),
                  new Load(300.0, null, 2),
                  null,
                  List.of("lift-gate"));
      producer.send(event(EventType.forJob(true, pair), "job_pair", pair));
      DriverData van =
          new DriverData(
                  "drv_van",
                  null,
                  "Val",
                  null,
                  GeoPoint.of(43.7400, 7.4300),
                  null,
                  null,
                  null,
                  null,
                  ZONE)
              .withVehicle(
                  new Vehicle("cargo_van", new Load(500.0, null, 10), null, null, null), null);
      OptimizeRequestData withPair =
          new OptimizeRequestData(
              "opt_2",
              "corr_2",
              "plan",
              null,
              List.of(pair),
              List.of(van),
              Instant.now().truncatedTo(ChronoUnit.MILLIS));
      producer.send(event(EventType.forOptimization(withPair), "opt_2", withPair));
      producer.send(
          event(
              EventType.TELEMETRY_PING,
              "drv_1",
              new TelemetryData(
                  "drv_1",
                  43.7302,
                  7.4152,
                  8.0,
                  45.0,
                  5.0,
                  Instant.now().truncatedTo(ChronoUnit.MILLIS))));
      producer.flush();
      await("ETAs, driver state, SLA risk and webhooks")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                // One assertion per output, so a timeout says which one never came.
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                assertThat(of(seen, EventType.ETA_UPDATED))
                    .extracting(e -> e.data(EtaData.class).jobId())
                    .as("ETAs")
                    .contains("job_relaxed", "job_pair");
                assertThat(of(seen, EventType.SLA_AT_RISK)).as("SLA risk").isNotEmpty();
                assertThat(of(seen, EventType.DRIVER_STATE_UPDATED))
                    .as("driver state")
                    .isNotEmpty();
                assertThat(of(seen, EventType.OPTIMIZE_COMPLETED)).as("plan").isNotEmpty();
                assertThat(
                        of(seen, EventType.WEBHOOK_EVENT).stream()
                            .map(e -> e.data(WebhookEventData.class).event())
                            .toList())
                    .as("webhook events")
                    .contains("job.assigned", "sla.at_risk", "optimization.completed");
              });

      // Ana's next pings put her 26 km north, about 66 min from the jobs: the tight one (due in 15
      // min) goes to Ben, who is there; the relaxed one she can still make stays with her.
      producer.send(
          event(
              EventType.DRIVER_CREATED,
              "drv_2",
              new DriverData(
                  "drv_2",
                  null,
                  "Ben",
                  null,
                  GeoPoint.of(43.7480, 7.4380),
                  null,
                  null,
                  null,
                  null,
                  ZONE)));
      producer.flush();
      ConsumerProgress.awaitCaughtUp(
          KAFKA.bootstrapServers(),
          DispatchJob.CONSUMER_GROUP,
          Topic.DRIVERS,
          Duration.ofSeconds(60));
      producer.send(
          event(
              EventType.TELEMETRY_PING,
              "drv_1",
              new TelemetryData(
                  "drv_1",
                  43.9800,
                  7.4150,
                  12.0,
                  0.0,
                  5.0,
                  Instant.now().truncatedTo(ChronoUnit.MILLIS))));
      producer.flush();
      await("the tight job moved to the driver who can make it")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                seen.addAll(outputs.poll(Duration.ofMillis(200)));
                // The audit record is on its own topic: a poll may return the assignment first.
                return of(seen, EventType.ASSIGNMENT_ASSIGNED).stream()
                        .map(e -> e.data(AssignmentData.class))
                        .anyMatch(
                            a -> a.jobId().equals("job_tight") && "drv_2".equals(a.driverId()))
                    && of(seen, EventType.AUDIT_DECISION).stream()
                        .map(e -> e.data(AuditDecisionData.class))
                        .anyMatch(
                            a ->
                                a.jobId().equals("job_tight")
                                    && "drv_2".equals(a.driverId())
                                    && a.causeType().equals(EventType.TELEMETRY_PING.type()));
              });
    } finally {
      running.cancel().get(30, TimeUnit.SECONDS);
    }

    assertThat(seen)
        .allSatisfy(c -> assertThat(c.invalidReason()).as("output breaks its schema").isNull());
    assertThat(of(seen, EventType.ETA_UPDATED))
        .extracting(e -> e.data(EtaData.class).jobId())
        .contains("job_relaxed", "job_tight");
    assertThat(of(seen, EventType.AUDIT_DECISION))
        .as("a decision-log record per assignment")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(of(seen, EventType.ASSIGNMENT_ASSIGNED))
        .extracting(e -> e.data(AssignmentData.class))
        .filteredOn(a -> a.jobId().equals("job_relaxed"))
        .extracting(AssignmentData::driverId)
        .containsOnly("drv_1");
    assertThat(of(seen, EventType.AUDIT_DECISION))
        .extracting(e -> e.data(AuditDecisionData.class))
        .filteredOn(
            a ->
                a.jobId().equals("job_tight")
                    && a.causeType().equals(EventType.TELEMETRY_PING.type()))
        .as("the move was caused by the ping")
        .hasSize(1);
    assertThat(of(seen, EventType.DRIVER_STATE_UPDATED).get(0).data(DriverStateData.class).status())
        .isEqualTo("online");
    assertThat(of(seen, EventType.SLA_AT_RISK))
        .extracting(e -> e.data(SlaData.class).jobId())
        .containsOnly("job_tight");
    assertThat(of(seen, EventType.WEBHOOK_EVENT))
        .extracting(e -> e.data(WebhookEventData.class).event())
        .contains("job.assigned", "sla.at_risk", "optimization.completed");
    assertThat(of(seen, EventType.ASSIGNMENT_ASSIGNED))
        .extracting(e -> e.data(AssignmentData.class))
        .filteredOn(a -> a.jobId().equals("job_pair"))
        .as("a version-2 pickup-and-delivery job is read live and placed, as a pair, on a route")
        .first()
        .satisfies(
            a -> {
              assertThat(a.driverId()).isEqualTo("drv_1");
              assertThat(a.weightsVersion()).isEqualTo(InsertionPolicy.WEIGHTS_VERSION);
            });
    assertThat(of(seen, EventType.ASSIGNMENT_UNASSIGNED))
        .extracting(e -> e.data(AssignmentData.class).jobId())
        .doesNotContain("job_pair");
    assertThat(of(seen, EventType.ETA_UPDATED))
        .extracting(e -> e.data(EtaData.class).jobId())
        .as("the pair's ETA is its delivery's")
        .contains("job_pair");
    assertThat(of(seen, EventType.OPTIMIZE_COMPLETED))
        .extracting(e -> e.data(PlanData.class))
        .filteredOn(p -> p.runId().equals("opt_2"))
        .singleElement()
        .satisfies(
            plan -> {
              assertThat(plan.unassigned()).isEmpty();
              assertThat(plan.routes().get(0).stops())
                  .extracting(s -> s.jobId() + ":" + s.kind())
                  .containsExactly("job_pair:pickup", "job_pair:dropoff");
            });
    // A request without drivers is solved and says why its job stays unassigned.
    assertThat(of(seen, EventType.OPTIMIZE_COMPLETED))
        .filteredOn(e -> e.data(PlanData.class).runId().equals("opt_1"))
        .singleElement()
        .satisfies(
            e -> {
              PlanData plan = e.data(PlanData.class);
              assertThat(plan.runId()).isEqualTo("opt_1");
              assertThat(plan.correlationId()).isEqualTo("corr_1");
              assertThat(plan.status()).isEqualTo("completed");
              assertThat(plan.unassigned())
                  .extracting(u -> u.jobId() + ":" + u.reason())
                  .containsExactly("job_relaxed:NO_DRIVER");
            });
  }

  private static List<CloudEvent> of(List<EventConsumer.Consumed> seen, EventType type) {
    return seen.stream()
        .map(EventConsumer.Consumed::event)
        .filter(e -> e != null && e.eventType() == type)
        .toList();
  }

  private static JobData job(String id, Instant windowEnd) {
    return job(id, GeoPoint.of(43.7500, 7.4400), windowEnd);
  }

  private static JobData job(String id, GeoPoint at, Instant windowEnd) {
    return new JobData(
        id,
        null,
        at,
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

  private static CloudEvent event(
      EventType type, String key, io.fleetstream.schemas.events.EventData data) {
    return CloudEvent.create(type, "/test", TENANT, key, data);
  }
}
