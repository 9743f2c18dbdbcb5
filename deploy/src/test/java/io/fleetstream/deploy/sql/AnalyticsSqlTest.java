package io.fleetstream.deploy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnalyticsSqlTest {

  @Test
  void theCommandsTablesAreThePagesWordForWord() throws Exception {
    Matcher m =
        Pattern.compile("<!-- sql: table -->\\s*```sql\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(Files.readString(Path.of("..", "docs", "analytics.md")));
    List<String> page = m.results().map(r -> r.group(1).strip()).toList();
    assertThat(page).hasSize(11);
    assertThat(AnalyticsSql.statements(AnalyticsSql.tablesSql())).isEqualTo(page);
  }

  @Test
  void aTableIsPointedAtTheClusterWithItsSecuritySettingsAndUnboundedWhenFollowing() {
    String ddl = AnalyticsSql.statements(AnalyticsSql.tablesSql()).get(0);
    String secured =
        AnalyticsSql.ddl(
            ddl,
            "kafka-0:9093",
            false,
            Map.of("sasl.jaas.config", "PlainLoginModule required username=\"a\" password='p';"));
    assertThat(secured)
        .contains("'properties.bootstrap.servers' = 'kafka-0:9093',")
        .contains(
            "'properties.sasl.jaas.config' = 'PlainLoginModule required username=\"a\""
                + " password=''p'';',")
        .contains("'scan.bounded.mode' = 'latest-offset'")
        .doesNotContain("localhost");
    assertThat(AnalyticsSql.ddl(ddl, "k:9092", true, Map.of()))
        .doesNotContain("scan.bounded.mode")
        .contains("'scan.startup.mode' = 'earliest-offset'");
  }

  @Test
  void statementsSplitAtSemicolonsOutsideQuotesAndComments() {
    assertThat(
            AnalyticsSql.statements(
                "SELECT 'a;b' AS `x;y`; -- a comment; not a statement\nSELECT 2;\n\n"))
        .containsExactly("SELECT 'a;b' AS `x;y`", "SELECT 2");
    assertThat(AnalyticsSql.complete("SELECT 1;")).isTrue();
    assertThat(AnalyticsSql.complete("SELECT 'a;")).as("inside a string").isFalse();
    assertThat(AnalyticsSql.complete("SELECT 1 -- later;")).as("inside a comment").isFalse();
    assertThat(AnalyticsSql.complete("SELECT 1")).isFalse();
  }

  @Test
  void rowsPrintAsAnAlignedTable() {
    assertThat(
            TextTable.of(
                List.of("driver_id", "jobs"), List.of(List.of("drv_1", "2"), List.of("d", "10"))))
        .isEqualTo("driver_id  jobs\n---------  ----\ndrv_1      2\nd          10\n");
  }
}
