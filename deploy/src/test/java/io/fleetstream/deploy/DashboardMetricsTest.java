package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardMetricsTest {

  @Test
  void theShippedDashboardQueriesTheBridgesAndTheJobsMetrics() throws Exception {
    assertThat(DashboardMetrics.referenced(DashboardMetrics.DASHBOARD))
        .contains(
            "fleetstream_http_requests_seconds_bucket",
            "fleetstream_views_lag_records",
            "fleetstream_bridge_state_age_seconds",
            "flink_taskmanager_job_task_operator_jobsAssigned",
            "flink_jobmanager_job_lastCheckpointDuration")
        .noneMatch(n -> n.equals("le") || n.equals("route"));
  }

  @Test
  void aQueryOverAMetricNoScrapeExposesIsReported(@TempDir Path dir) throws Exception {
    Path dashboard = dir.resolve("d.json");
    Files.writeString(
        dashboard,
        "{\"panels\": [{\"type\": \"row\", \"panels\": [{\"targets\": [{\"expr\":"
            + " \"sum by (route) (rate(fleetstream_a_total[1m])) / fleetstream_b\"}]}]}]}");
    String scrape =
        "# HELP fleetstream_a_total x\n# TYPE fleetstream_a_total counter\n"
            + "fleetstream_a_total{route=\"/x\"} 1.0\nfleetstream_c 2\n";

    assertThat(DashboardMetrics.missing(dashboard, scrape)).containsExactly("fleetstream_b");
  }
}
