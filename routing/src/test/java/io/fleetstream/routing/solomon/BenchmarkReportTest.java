package io.fleetstream.routing.solomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary counts the honest way: a gap is averaged only over complete plans at the best-known
 * vehicle count; an extra vehicle's negative gap and an incomplete plan's gap never average in.
 */
class BenchmarkReportTest {

  private static BenchmarkRow.Result result(int vehicles, Double gap, boolean feasible, int left) {
    return new BenchmarkRow.Result("s", vehicles, 100, gap, left, feasible, 5000, 5000, "x", null);
  }

  private static BenchmarkRow row(String name, boolean heldOut, BenchmarkRow.Result ours) {
    return new BenchmarkRow(
        name, BenchmarkInstance.familyOf(name), heldOut, 10, 100.0, ours, 64, null);
  }

  @Test
  void averagesGapsOnlyAtTheBestKnownVehicleCountOverCompletePlans() {
    List<BenchmarkRow> rows =
        List.of(
            row("C1_2_1", true, result(10, 1.0, true, 0)),
            row("C1_2_2", true, result(10, 3.0, true, 0)),
            row("R1_2_1", true, result(11, -4.0, true, 0)),
            row("R1_2_2", true, result(10, 0.5, false, 0)),
            row("R1_2_3", true, result(10, 0.5, true, 2)),
            row("R1_2_4", true, result(9, 0.2, true, 0)));

    List<BenchmarkReport.Group> groups = BenchmarkReport.summarize(rows);
    BenchmarkReport.Figures all = groups.get(0).ours();

    assertThat(groups.get(0).group()).isEqualTo("all");
    assertThat(all.complete()).isEqualTo(4);
    assertThat(all.bksVehicleMatches()).isEqualTo(2);
    assertThat(all.gapAtBksVehicles()).isCloseTo(2.0, within(1e-9));
    assertThat(all.worstGapAtBksVehicles()).isCloseTo(3.0, within(1e-9));
    assertThat(all.moreVehicles()).isEqualTo(1);
    assertThat(all.fewerVehicles()).isEqualTo(1);
    assertThat(all.cpuSeconds()).isCloseTo(30.0, within(1e-9));
    assertThat(groups).extracting(BenchmarkReport.Group::group).containsExactly("all", "C1", "R1");
    assertThat(groups.get(2).ours().bksVehicleMatches()).isZero();
    assertThat(groups.get(2).ours().gapAtBksVehicles()).isNull();
  }

  @Test
  void heldOutAndTuningRowsAreSummarisedApartWhenBothOccur() {
    List<BenchmarkRow> rows =
        List.of(
            row("C101", false, result(10, 0.0, true, 0)),
            row("C1_2_1", true, result(10, 2.0, true, 0)));

    List<BenchmarkReport.Group> groups = BenchmarkReport.summarize(rows);

    assertThat(groups)
        .extracting(BenchmarkReport.Group::group)
        .containsExactly("all", "held out", "tuning");
    assertThat(groups.get(1).ours().gapAtBksVehicles()).isCloseTo(2.0, within(1e-9));
    assertThat(groups.get(2).ours().gapAtBksVehicles()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void theTuningSetIsSolomonSeriesOneAndTwelveGehringHombergerInstances() {
    assertThat(TuningSet.contains("C101")).isTrue();
    assertThat(TuningSet.contains("rc108")).isTrue();
    assertThat(TuningSet.contains("rc2_2_2")).isTrue();
    assertThat(TuningSet.names()).hasSize(29 + 12);
    assertThat(TuningSet.contains("C1_2_3")).isFalse();
    assertThat(TuningSet.contains("C1_4_1")).isFalse();
    assertThat(TuningSet.contains("lc1_2_1")).isFalse();
    assertThat(TuningSet.contains("C201")).isFalse();
  }

  @Test
  void familiesAreTheLettersAndTheSeriesDigit() {
    assertThat(BenchmarkInstance.familyOf("RC101")).isEqualTo("RC1");
    assertThat(BenchmarkInstance.familyOf("rc2_4_3")).isEqualTo("RC2");
    assertThat(BenchmarkInstance.familyOf("lrc1_2_10")).isEqualTo("LRC1");
    assertThat(BenchmarkInstance.familyOf("C1_10_1")).isEqualTo("C1");
  }
}
