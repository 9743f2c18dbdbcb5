package io.fleetstream.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.deploy.reliability.ReliabilityReport.Check;
import io.fleetstream.deploy.reliability.ReliabilityReport.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityReportTest {

  @TempDir Path root;

  @Test
  void figuresAndReportsMakeOneTable() throws IOException {
    ReliabilityReport.writeFigures(
        root.resolve("deploy/target"),
        "crash",
        List.of(new Row("crash", "events after the kills", 120, "events", 0, "duplicated")));
    report("api-bridge", "failsafe-reports", "io.fleetstream.bridge.FuzzLikeTest", 250, 0, 0);

    ReliabilityReport report =
        new ReliabilityReport()
            .addFigures(root.resolve("deploy"))
            .addTestReport(
                root,
                new Check(
                    "fuzz",
                    "api-bridge",
                    "io.fleetstream.bridge.FuzzLikeTest",
                    "bodies",
                    "inputs",
                    false),
                false);

    assertThat(report.rows())
        .containsExactly(
            new Row("crash", "events after the kills", 120, "events", 0, "duplicated"),
            new Row("fuzz", "bodies", 250, "inputs", 0, "failed"));
    assertThat(report.allOk()).isTrue();
    StringWriter table = new StringWriter();
    report.print(new PrintWriter(table));
    assertThat(table.toString())
        .contains(
            "| crash | events after the kills | 120 events | 0 duplicated |",
            "| fuzz | bodies | 250 inputs | 0 failed |");
  }

  @Test
  void aTestThatDidNotRunIsAFailedRow() {
    ReliabilityReport report =
        new ReliabilityReport()
            .addTestReport(
                root,
                new Check(
                    "abuse",
                    "api-bridge",
                    "io.fleetstream.bridge.Missing",
                    "abuse",
                    "cases",
                    false),
                false);

    assertThat(report.allOk()).isFalse();
    assertThat(report.rows().get(0).check()).contains("Missing did not run");
  }

  @Test
  void aCheckWithFiguresGetsARowFromItsReportOnlyWhenItFailed() throws IOException {
    report("deploy", "failsafe-reports", "io.fleetstream.deploy.Good", 1, 0, 0);
    report("deploy", "failsafe-reports", "io.fleetstream.deploy.Bad", 1, 0, 1);

    ReliabilityReport report =
        new ReliabilityReport()
            .addTestReport(
                root,
                new Check("crash", "deploy", "io.fleetstream.deploy.Good", "good", "events", true),
                true)
            .addTestReport(
                root,
                new Check("crash", "deploy", "io.fleetstream.deploy.Bad", "bad", "events", true),
                true);

    assertThat(report.rows())
        .containsExactly(new Row("crash", "bad (Bad)", 1, "tests", 1, "failed"));
  }

  @Test
  void noRowsIsNotOk() {
    assertThat(new ReliabilityReport().allOk()).isFalse();
  }

  private void report(
      String module, String dir, String testClass, int tests, int failures, int errors)
      throws IOException {
    Path reports = root.resolve(module).resolve("target").resolve(dir);
    Files.createDirectories(reports);
    Files.writeString(
        reports.resolve("TEST-" + testClass + ".xml"),
        String.format(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n<testsuite name=\"%s\" time=\"1.0\" tests=\"%d\" errors=\"%d\" skipped=\"0\" failures=\"%d\"></testsuite>%n",
            testClass, tests, errors, failures));
  }
}
