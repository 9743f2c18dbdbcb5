package io.fleetstream.deploy.sql;

import static io.fleetstream.deploy.CliRun.fleetstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.deploy.CliRun;
import io.fleetstream.deploy.DocCommands;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AssignmentReason;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fleetstream sql} against a real broker holding three assignments: docs/analytics.md's
 * tables are registered, a query given with {@code -e}, in a file or on standard input answers over
 * what the topics hold, and a wrong statement is refused with Flink's reason.
 */
class SqlCommandITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String QUERY =
      "SELECT data.driver_id AS driver_id, COUNT(*) AS jobs FROM assignments"
          + " WHERE tenant = 'acct_sql' GROUP BY data.driver_id;";

  @TempDir Path dir;
  private final List<List<String>> ran = new ArrayList<>();

  @BeforeAll
  static void threeAssignments() throws Exception {
    TopicAdmin.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .partitions(2)
        .build()
        .ensureTopics();
    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      for (String[] a :
          new String[][] {{"job_a", "drv_1"}, {"job_b", "drv_1"}, {"job_c", "drv_2"}}) {
        producer.send(
            CloudEvent.create(
                EventType.ASSIGNMENT_ASSIGNED, "/test", "acct_sql", a[0], assigned(a[0], a[1])));
      }
      producer.flush();
    }
  }

  @Test
  void aQueryAnswersOverWhatTheTopicsHold() throws Exception {
    CliRun run = sql("--kafka", KAFKA.bootstrapServers(), "--execute", QUERY);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .containsSubsequence("driver_id  jobs", "---------  ----")
        .contains("drv_1      2", "drv_2      1", "2 rows");

    Path file = dir.resolve("report.sql");
    Files.writeString(file, "-- jobs per driver\n" + QUERY + "\nSHOW TABLES;\n");
    CliRun fromFile = sql("--kafka", KAFKA.bootstrapServers(), "-f", file.toString());
    assertThat(fromFile.code()).as(fromFile.err()).isZero();
    assertThat(fromFile.out())
        .contains("drv_1      2")
        .contains("assignments", "job_events", "sla_events");

    InputStream stdin = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream(
              ("SELECT COUNT(*) AS n\n  FROM assignments;\nquit;\nSELECT 1;\n")
                  .getBytes(StandardCharsets.UTF_8)));
      CliRun session = sql("--kafka", KAFKA.bootstrapServers());
      assertThat(session.code()).as(session.err()).isZero();
      assertThat(session.out().lines().toList())
          .as("a statement over two lines; nothing after quit")
          .containsExactly("n", "-", "3", "1 row");
    } finally {
      System.setIn(stdin);
    }
    DocCommands.assertEachRan(DocCommands.of("analytics.md", v -> v.equals(List.of("sql"))), ran);
  }

  @Test
  void aWrongStatementIsRefusedWithFlinksReason() {
    CliRun run = sql("--kafka", KAFKA.bootstrapServers(), "-e", "SELECT nope FROM assignments;");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ").contains("nope");
    assertThat(run.err()).doesNotContain("\tat ");

    CliRun noStack = sql("-e", QUERY);
    assertThat(noStack.code()).isEqualTo(2);
    assertThat(noStack.err()).contains("no stack runs for").contains("--kafka");
  }

  private CliRun sql(String... args) {
    List<String> command = new ArrayList<>(List.of("sql"));
    command.addAll(List.of(args));
    ran.add(command);
    return fleetstream(dir.resolve("stack"), command.toArray(String[]::new));
  }

  private static AssignmentData assigned(String job, String driver) {
    Instant at = Instant.parse("2026-12-05T09:00:00Z");
    return new AssignmentData(
        job,
        driver,
        "z1",
        1,
        80.0,
        new AssignmentReason(1, 0.9, 0.6, 0.8, 1, 15, 0.1),
        2,
        120.0,
        "haversine",
        null,
        3,
        at,
        "evt_c");
  }
}
