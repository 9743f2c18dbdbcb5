package io.fleetstream.schemas.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The duration estimate follows typical jobs and ignores the one left open over lunch. */
class SampleWindowTest {

  @Test
  void theRobustMedianIgnoresAnOutlierThatAPlainMeanWouldFollow() {
    SampleWindow w = new SampleWindow(null);
    for (double m : new double[] {30, 32, 29, 31, 240}) {
      w = w.plus(m);
    }

    assertThat(w.robustMedian()).isEqualTo(30.5);
  }

  @Test
  void declaredDurationsGiveARobustRatioOfActualToDeclared() {
    SampleWindow w = new SampleWindow(null);
    w =
        w.plus(15, 10)
            .plus(30, 20)
            .plus(6, 4)
            .plus(12, 0)
            .plus(300, 20); // lunch, and no declaration

    assertThat(w.minutes()).hasSize(5);
    assertThat(w.ratios()).containsExactly(1.5, 1.5, 1.5, 15.0);
    assertThat(w.robustRatio()).isEqualTo(1.5);
    assertThat(new SampleWindow(List.of(30.0)).robustRatio()).as("none declared").isNaN();
  }

  @Test
  void aWindowWrittenBeforeRatiosWereKeptReadsWithNone() throws Exception {
    SampleWindow old =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue("{\"minutes\":[30.0,31.0]}", SampleWindow.class);

    assertThat(old.minutes()).containsExactly(30.0, 31.0);
    assertThat(old.ratios()).isEmpty();
    assertThat(old.plus(20, 10).ratios()).containsExactly(2.0);
  }

  @Test
  void theWindowKeepsOnlyTheLatestSamplesSoTheEstimateFollowsChange() {
    SampleWindow w = new SampleWindow(null);
    for (int i = 0; i < SampleWindow.SIZE; i++) {
      w = w.plus(60);
    }
    for (int i = 0; i < SampleWindow.SIZE; i++) {
      w = w.plus(20);
    }

    assertThat(w.minutes()).hasSize(SampleWindow.SIZE);
    assertThat(w.robustMedian()).isEqualTo(20);
  }

  @Test
  void theBandIsTheTenthToNinetiethPercentileOfTheSamplesTheMedianKeeps() {
    SampleWindow w = new SampleWindow(null);
    for (int m = 21; m <= 31; m++) {
      w = w.plus(m);
    }
    w = w.plus(600); // forgotten open over lunch: not part of the band either

    assertThat(w.quantile(0.1)).isEqualTo(22.0);
    assertThat(w.quantile(0.9)).isEqualTo(30.0);
    assertThat(w.quantile(0.5)).isEqualTo(w.robustMedian());
    assertThat(new SampleWindow(List.of(40.0)).quantile(0.9)).isEqualTo(40.0);
  }
}
