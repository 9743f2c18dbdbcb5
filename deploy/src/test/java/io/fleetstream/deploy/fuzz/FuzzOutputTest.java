package io.fleetstream.deploy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The fuzz command's summary comes from libFuzzer's and Jazzer's own lines (as printed by 0.24.0).
 */
class FuzzOutputTest {

  @Test
  void countsInputsFromTheStatusLinesAndTheFinalDoneLine() {
    FuzzOutput output = new FuzzOutput();
    List<String> shown =
        feed(
            output,
            "INFO: Instrumented io.fleetstream.schemas.json.TelemetryFastPath with custom hooks only",
            "#54\tINITED cov: 563 ft: 797 corp: 39/23Kb exec/s: 27 rss: 1395Mb",
            "#4361\tREDUCE cov: 606 ft: 993 corp: 81/39Kb lim: 1214 exec/s: 198 rss: 1395Mb L: 158/1214 MS: 4 CrossOver-",
            "#8192\tpulse  cov: 614 ft: 1005 corp: 86/39Kb lim: 1214 exec/s: 297 rss: 1395Mb",
            "#25594\tDONE   cov: 635 ft: 1078 corp: 106/46Kb lim: 1214 exec/s: 419 rss: 1395Mb",
            "Done 25594 runs in 61 second(s)");

    assertThat(output.executed()).isEqualTo(25_594);
    assertThat(output.findings()).isEmpty();
    assertThat(shown).hasSize(4).noneMatch(l -> l.contains("REDUCE") || l.startsWith("INFO"));
  }

  @Test
  void aFindingAndItsInputAreReported() {
    FuzzOutput output = new FuzzOutput();
    feed(
        output,
        "#1201\tNEW    cov: 155 ft: 625 corp: 51/14377b exec/s: 2821 rss: 3151Mb",
        "artifact_prefix='/src/routing/src/test/resources/x/Inputs/m/'; "
            + "Test unit written to /src/routing/src/test/resources/x/Inputs/m/crash-4c1f2e",
        "Done 6734 runs in 7 second(s)",
        "[ERROR] io.fleetstream.routing.solomon.SolomonReaderFuzzTest.anyText(byte[])[6] -- Time elapsed: 8.043 s <<< ERROR!",
        "com.code_intelligence.jazzer.junit.FuzzTestFindingException: java.lang.IllegalArgumentException: "
            + "location must be finite: Infinity,1.0",
        "Caused by: java.lang.IllegalArgumentException: location must be finite: Infinity,1.0",
        "[ERROR]   SolomonReaderFuzzTest.anyText(byte[])[6] » FuzzTestFinding java.lang.IllegalArgumentException: ...");

    assertThat(output.executed()).isEqualTo(6734);
    assertThat(output.findings())
        .containsExactly(
            "java.lang.IllegalArgumentException: location must be finite: Infinity,1.0");
    assertThat(output.artifacts())
        .containsExactly("/src/routing/src/test/resources/x/Inputs/m/crash-4c1f2e");
  }

  private static List<String> feed(FuzzOutput output, String... lines) {
    return java.util.Arrays.stream(lines).map(output::accept).filter(Objects::nonNull).toList();
  }
}
