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
