package io.fleetstream.jobs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AssignmentReason;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DeliveryData;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.SimulationResultData;
import io.fleetstream.schemas.events.SlaData;
import io.fleetstream.schemas.events.UnassignedJob;
import io.fleetstream.schemas.events.WebhookEventData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/analytics.md's Flink SQL, statement for statement, on a real broker holding a known day: two
 * drivers, three jobs, one of them late; four plans, four decisions, three webhook events, two
 * what-ifs. Only the bootstrap address is replaced.
 */
class AnalyticsSqlITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final Path PAGE = Path.of("..", "docs", "analytics.md");
  static final String T = "acct_analyst";

  static Map<String, String> queries;
  static TableEnvironment sql;

  @BeforeAll
  static void dayOnTheTopics() throws Exception {
    TopicAdmin.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .partitions(2)
        .build()
        .ensureTopics();
    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      send(
          producer,
          EventType.ASSIGNMENT_ASSIGNED,
          "job_a",
          assigned("job_a", "drv_1", "z1"),
          "09:00:00Z");
      send(
          producer,
          EventType.ASSIGNMENT_ASSIGNED,
          "job_b",
          assigned("job_b", "drv_1", "z1"),
          "09:01:00Z");
      send(
          producer,
          EventType.ASSIGNMENT_ASSIGNED,
          "job_c",
          assigned("job_c", "drv_2", "z2"),
          "09:02:00Z");
      step(producer, EventType.JOB_STARTED, "job_a", "drv_1", "10:00:00Z");
      step(producer, EventType.JOB_COMPLETED, "job_a", "drv_1", "10:30:00Z");
      step(producer, EventType.JOB_STARTED, "job_b", "drv_1", "11:00:00Z");
      send(producer, EventType.SLA_BREACHED, "job_b", breach("job_b", "drv_1"), "11:30:00Z");
      step(producer, EventType.JOB_COMPLETED, "job_b", "drv_1", "11:45:00Z");
      step(producer, EventType.JOB_STARTED, "job_c", "drv_2", "10:00:00Z");
      step(producer, EventType.JOB_COMPLETED, "job_c", "drv_2", "10:20:00Z");
      // ETAs: the last one before each start counts (job_a's 10:10 one came after its start).
      eta(producer, "job_a", "drv_1", "09:58:00Z", "09:30:00Z");
      eta(producer, "job_a", "drv_1", "10:05:00Z", "09:50:00Z");
      eta(producer, "job_a", "drv_1", "10:00:00Z", "10:10:00Z");
      eta(producer, "job_b", "drv_1", "10:55:00Z", "10:40:00Z");
      eta(producer, "job_c", "drv_2", "09:56:00Z", "09:40:00Z");
      delivery(producer, "ep_1", "dlv_1", 1, "delivered", 200, null, 120, "09:00:01Z");
      delivery(producer, "ep_1", "dlv_2", 1, "retrying", 500, "http_5xx", 5000, "09:01:01Z");
      delivery(producer, "ep_1", "dlv_2", 2, "delivered", 200, null, 300, "09:01:31Z");
      delivery(producer, "ep_2", "dlv_3", 8, "dead_lettered", null, "timeout", 10000, "12:00:00Z");
      driverState(producer, "drv_1", "online", "job_b", "10:30:00Z");
      driverState(producer, "drv_1", "offline", null, "12:00:00Z");
      driverState(producer, "drv_2", "online", null, "10:20:00Z");
      deadLetter(producer, "fleetstream.jobs.v1", "MISSING_FIELD", "/data/location", "08:10:00Z");
      deadLetter(producer, "fleetstream.jobs.v1", "MISSING_FIELD", "/data/location", "08:40:00Z");
      deadLetter(producer, "fleetstream.telemetry.v1", "OUT_OF_RANGE", "/data/lat", "09:15:00Z");
      // Two runs (one left a job out, one failed) and two adopted re-plans.
      plan(producer, "opt_1", "completed", 2000L, List.of("job_x"), "09:05:00Z");
      plan(producer, "opt_2", "failed", 0L, List.of(), "09:06:00Z");
      plan(producer, "reopt_z1_4", "completed", 1500L, List.of(), "09:10:00Z");
      plan(producer, "reopt_z1_9", "completed", 1900L, List.of("job_y", "job_z"), "09:20:00Z");
      // job_x waited twice for a skill, job_y once for room; job_a was assigned.
      decision(producer, "job_a", "assigned", null, 2, "09:00:00Z");
      decision(producer, "job_x", "unassigned", "SKILL", 2, "09:03:00Z");
      decision(producer, "job_x", "unassigned", "SKILL", 4, "09:30:00Z");
      decision(producer, "job_y", "unassigned", "MAX_STOPS", 3, "09:31:00Z");
      webhookEvent(producer, "job.assigned", "09:00:00Z");
      webhookEvent(producer, "job.assigned", "09:01:00Z");
      webhookEvent(producer, "job.completed", "10:30:00Z");
      // A what-if: a third driver would save 2.5 km and the late job, and take two jobs.
      whatIf(producer, "sim_1", "completed", "09:40:00Z");
      whatIf(producer, "sim_2", "failed", "09:41:00Z");
      producer.flush();
    }
    queries = new LinkedHashMap<>();
    sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    sql.getConfig().set("table.local-time-zone", "UTC");
    for (String[] statement : statements()) {
      String text = statement[1].replace("localhost:9092", KAFKA.bootstrapServers());
      if (statement[0].equals("table")) {
        sql.executeSql(text);
      } else {
        queries.put(statement[0], text);
      }
    }
  }

  @Test
  void theOnTimeRateByZoneCountsABreachedJobAsLate() throws Exception {
    assertThat(rows("on_time_by_zone"))
        .containsExactlyInAnyOrder(List.of(T, "z1", 2L, 1, 0.5), List.of(T, "z2", 1L, 1, 1.0));
  }

  @Test
  void breachesAreCountedInTheHourTheyHappened() throws Exception {
    List<List<Object>> rows = rows("breaches_per_hour");

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get(0)).isEqualTo(T);
    assertThat(rows.get(0).get(1).toString()).isEqualTo("2026-05-08T11:00");
    assertThat(rows.get(0).get(2)).isEqualTo(1L);
  }

  @Test
  void eachDriversFinishedJobsAndBusyMinutes() throws Exception {
    assertThat(rows("driver_utilisation"))
        .extracting(r -> r.get(1) + " " + r.get(2) + " " + ((Number) r.get(3)).doubleValue())
        .containsExactlyInAnyOrder("drv_1 2 75.0", "drv_2 1 20.0");
  }

  @Test
  void theLastEtaBeforeEachStartIsComparedWithTheStart() throws Exception {
    assertThat(rows("eta_error"))
        .extracting(
            r ->
                r.get(1)
                    + " "
                    + r.get(2)
                    + " "
                    + ((Number) r.get(3)).doubleValue()
                    + " "
                    + ((Number) r.get(4)).doubleValue())
        // drv_1: job_a started 5 min before its 10:05 ETA, job_b 5 min after its 10:55 one.
        .containsExactlyInAnyOrder("drv_1 2 0.0 5.0", "drv_2 1 4.0 4.0");
  }

  @Test
  void eachDriverIsWhereTheirNewestStateSaysTheyAre() throws Exception {
    assertThat(rows("drivers_last_seen"))
        .extracting(r -> r.get(1) + " " + r.get(2) + " " + r.get(6))
        .containsExactlyInAnyOrder("drv_1 offline null", "drv_2 online null");
  }

  @Test
  void refusedInputIsCountedByTopicAndCode() throws Exception {
    assertThat(rows("dead_letters_by_code"))
        .extracting(
            r -> r.get(1) + " " + r.get(2) + " " + r.get(3) + " " + r.get(4) + " " + r.get(5))
        .containsExactlyInAnyOrder(
            "fleetstream.jobs.v1 MISSING_FIELD 2 /data/location 2026-05-08T08:10",
            "fleetstream.telemetry.v1 OUT_OF_RANGE 1 /data/lat 2026-05-08T09:15");
  }

  @Test
  void deliveriesAreCountedPerEndpoint() throws Exception {
    assertThat(rows("deliveries_by_endpoint"))
        .extracting(r -> r.get(1) + " " + r.get(2) + " " + r.get(3) + " " + r.get(4))
        .containsExactlyInAnyOrder("ep_1 2 1 300", "ep_2 0 1 null");
  }

  @Test
  void runsAndAdoptedReplansAreCountedApartWithTheJobsTheyLeftOut() throws Exception {
    assertThat(rows("plans_by_kind"))
        .extracting(
            r ->
                r.get(1)
                    + " "
                    + r.get(2)
                    + " "
                    + r.get(3)
                    + " "
                    + ((Number) r.get(4)).longValue()
                    + " "
                    + r.get(5))
        .containsExactlyInAnyOrder(
            "run completed 1 2000 1", "run failed 1 0 0", "re-plan completed 2 1700 2");
  }

  @Test
  void jobsThatWaitedAreCountedByZoneAndReason() throws Exception {
    assertThat(rows("why_jobs_waited"))
        .extracting(
            r ->
                r.get(1)
                    + " "
                    + r.get(2)
                    + " "
                    + r.get(3)
                    + " "
                    + r.get(4)
                    + " "
                    + ((Number) r.get(5)).doubleValue())
        .containsExactlyInAnyOrder("z1 SKILL 2 1 3.0", "z1 MAX_STOPS 1 1 3.0");
  }

  @Test
  void webhookEventsAreCountedPerHourAndName() throws Exception {
    assertThat(rows("webhook_events_per_hour"))
        .extracting(r -> r.get(1) + " " + r.get(2) + " " + r.get(3))
        .containsExactlyInAnyOrder(
            "job.assigned 2026-05-08T09:00 2", "job.completed 2026-05-08T10:00 1");
  }

  @Test
  void aWhatIfIsReadAsWhatItWouldChange() throws Exception {
    assertThat(rows("what_ifs"))
        .extracting(
            r ->
                r.get(1)
                    + " "
                    + r.get(2)
                    + " "
                    + ((Number) r.get(3)).doubleValue()
                    + " "
                    + r.get(4)
                    + " "
                    + r.get(5)
                    + " "
                    + r.get(6))
        .containsExactly("z1 sim_1 -2.5 -1 1 2");
  }

  private static List<List<Object>> rows(String query) throws Exception {
    assertThat(queries).containsKey(query);
    List<List<Object>> out = new ArrayList<>();
    try (CloseableIterator<Row> it = sql.executeSql(queries.get(query)).collect()) {
      while (it.hasNext()) {
        Row r = it.next();
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < r.getArity(); i++) {
          fields.add(r.getField(i));
        }
        out.add(fields);
      }
    }
    return out;
  }

  /** Each {@code <!-- sql: NAME -->} and the sql block after it, in page order. */
  private static List<String[]> statements() throws IOException {
    Matcher m =
        Pattern.compile(
                "<!-- sql: (table|query (\\w+)) -->\\s*```sql\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(Files.readString(PAGE));
    List<String[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(new String[] {m.group(2) == null ? "table" : m.group(2), m.group(3)});
    }
    assertThat(out).as("statements on " + PAGE).hasSizeGreaterThanOrEqualTo(6);
    return out;
  }

  private static void step(
      EventProducer producer, EventType type, String job, String driver, String at)
      throws Exception {
    send(producer, type, job, new JobStatusData(job, driver, time(at), null, null), at);
  }

  private static void send(
      EventProducer producer, EventType type, String key, EventData data, String at)
      throws Exception {
    CloudEvent e = CloudEvent.create(type, "/test", T, key, data);
    producer
        .send(
            new CloudEvent(
                e.specversion(),
                e.id(),
                e.source(),
                e.type(),
                e.subject(),
                time(at),
                e.datacontenttype(),
                e.tenant(),
                e.partitionkey(),
                e.data()))
        .get();
  }

  private static void driverState(
      EventProducer producer, String driver, String status, String nextJob, String at)
      throws Exception {
    send(
        producer,
        EventType.DRIVER_STATE_UPDATED,
        driver,
        new DriverStateData(
            driver, status, 43.73, 7.42, null, null, time(at), 0, nextJob, time(at)),
        at);
  }

  private static void deadLetter(
      EventProducer producer, String topic, String code, String path, String at) throws Exception {
    send(
        producer,
        EventType.DLQ_REJECTED,
        topic,
        new DlqData(
            topic, 0, 7L, T + "/x", code, path, "refused: " + path, "e30=", time(at), "test"),
        at);
  }

  private static void eta(
      EventProducer producer, String job, String driver, String eta, String computed)
      throws Exception {
    send(
        producer,
        EventType.ETA_UPDATED,
        job,
        new EtaData(
            job,
            driver,
            0,
            time(eta),
            time(eta).plusSeconds(900),
            null,
            1200.0,
            "haversine",
            time(computed),
            time(computed)),
        computed);
  }

  private static void delivery(
      EventProducer producer,
      String endpoint,
      String delivery,
      int attempt,
      String outcome,
      Integer status,
      String error,
      long latencyMs,
      String at)
      throws Exception {
    send(
        producer,
        EventType.DELIVERY_ATTEMPTED,
        endpoint,
        new DeliveryData(
            delivery,
            endpoint,
            "job.assigned",
            "evt_" + delivery,
            attempt,
            outcome,
            status,
            error,
            latencyMs,
            outcome.equals("retrying") ? time(at).plusSeconds(30) : null,
            time(at)),
        at);
  }

  private static void plan(
      EventProducer producer,
      String runId,
      String status,
      long elapsedMs,
      List<String> leftOut,
      String at)
      throws Exception {
    boolean done = status.equals("completed");
    send(
        producer,
        EventType.OPTIMIZE_COMPLETED,
        runId,
        new PlanData(
            runId,
            null,
            status,
            "commit",
            "min_duration",
            done ? 1200.0 : null,
            done ? 1200.0 : null,
            done ? 5000.0 : null,
            done ? List.of() : null,
            done ? leftOut.stream().map(j -> new UnassignedJob(j, "TIME_WINDOW")).toList() : null,
            done ? "haversine" : null,
            null,
            elapsedMs,
            done ? null : "no driver",
            time(at)),
        at);
  }

  private static void decision(
      EventProducer producer, String job, String outcome, String reason, int weighed, String at)
      throws Exception {
    boolean assigned = outcome.equals("assigned");
    send(
        producer,
        EventType.AUDIT_DECISION,
        T,
        new AuditDecisionData(
            "evt_decision_" + job + at,
            job,
            "z1",
            "evt_cause",
            EventType.JOB_CREATED.type(),
            outcome,
            assigned ? "drv_1" : null,
            reason,
            "nearest-driver",
            2,
            weighed,
            List.of(),
            null,
            null,
            time(at)),
        at);
  }

  private static void webhookEvent(EventProducer producer, String name, String at)
      throws Exception {
    send(
        producer,
        EventType.WEBHOOK_EVENT,
        "job_a",
        new WebhookEventData(name, Map.of("job_id", "job_a"), "evt_src_" + at, time(at)),
        at);
  }

  private static void whatIf(EventProducer producer, String runId, String status, String at)
      throws Exception {
    boolean done = status.equals("completed");
    SimulationResultData.Outcome now =
        new SimulationResultData.Outcome(
            new SimulationResultData.Kpis(3, 3, 0, 2, 1, 66.7, 12.0, 80.0, 0, 2), null, null, null);
    SimulationResultData.Outcome then =
        new SimulationResultData.Outcome(
            new SimulationResultData.Kpis(3, 3, 0, 3, 0, 100.0, 9.5, 70.0, 0, 3), null, null, null);
    send(
        producer,
        EventType.SIMULATION_COMPLETED,
        "z1",
        new SimulationResultData(
            runId,
            "z1",
            status,
            "min_duration",
            done ? now : null,
            done ? then : null,
            done
                ? List.of(
                    new SimulationResultData.Move("job_a", "drv_1", "drv_3"),
                    new SimulationResultData.Move("job_b", "drv_1", "drv_3"))
                : null,
            done ? "haversine" : null,
            done ? 900L : null,
            done ? null : "no such zone",
            time(at)),
        at);
  }

  private static Instant time(String hhmmss) {
    return Instant.parse("2026-05-08T" + hhmmss);
  }

  private static AssignmentData assigned(String job, String driver, String zone) {
    return new AssignmentData(
        job,
        driver,
        zone,
        1,
        80.0,
        new AssignmentReason(1, 0.9, 0.6, 0.8, 1, 15, 0.1),
        2,
        120.0,
        "haversine",
        null,
        3,
        time("09:00:00Z"),
        "evt_c");
  }

  private static SlaData breach(String job, String driver) {
    return new SlaData(
        job,
        driver,
        time("11:30:00Z"),
        time("11:45:00Z"),
        900,
        "window_passed",
        600,
        time("11:30:00Z"));
  }
}
