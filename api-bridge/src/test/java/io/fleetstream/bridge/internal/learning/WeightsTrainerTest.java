package io.fleetstream.bridge.internal.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.bridge.internal.learning.WeightsTrainer.Result;
import io.fleetstream.bridge.internal.learning.WeightsTrainer.Sample;
import io.fleetstream.bridge.internal.learning.WeightsTrainer.Weights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightsTrainerTest {

  static final Weights DISTANCE_ONLY = new Weights(1, 0, 0, 0, 0);
  static final Instant T0 = Instant.parse("2026-05-08T08:00:00Z");

  /** Jobs are on time when the slack was there (punctuality high); distance is noise. */
  static List<Sample> punctualityMatters(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double punctuality = r.nextDouble();
      double[] parts = {r.nextDouble(), 1, 0.8, punctuality, 0.6};
      boolean onTime = r.nextDouble() < 0.1 + 0.8 * punctuality;
      out.add(new Sample("job_" + i, T0.plusSeconds(60L * i), parts, onTime));
    }
    return out;
  }

  @Test
  void thePartThatTellsOnTimeFromLateGetsTheWeightAndBeatsThePreviousWeightsOnHeldOutJobs() {
    Result r = WeightsTrainer.train(punctualityMatters(400, 7), DISTANCE_ONLY, 0.25, 20);

    assertThat(r.status()).isEqualTo("completed");
    assertThat(r.trainingSamples()).isEqualTo(300);
    assertThat(r.holdoutSamples()).isEqualTo(100);
    assertThat(r.weights().punctuality()).isGreaterThan(r.weights().distance()).isGreaterThan(0.5);
    assertThat(r.aucCandidate()).isGreaterThan(r.aucPrevious() + 0.1);
    assertThat(
            r.weights().distance()
                + r.weights().availability()
                + r.weights().performance()
                + r.weights().punctuality()
                + r.weights().priority())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void theSameSamplesGiveTheSameWeights() {
    List<Sample> samples = punctualityMatters(200, 11);

    assertThat(WeightsTrainer.train(samples, DISTANCE_ONLY, 0.2, 20))
        .usingRecursiveComparison()
        .isEqualTo(WeightsTrainer.train(new ArrayList<>(samples), DISTANCE_ONLY, 0.2, 20));
  }

  @Test
  void tooFewJobsOrOnlyOneOutcomeTrainNothing() {
    Result few = WeightsTrainer.train(punctualityMatters(10, 3), DISTANCE_ONLY, 0.2, 20);
    List<Sample> allOnTime =
        punctualityMatters(50, 3).stream()
            .map(s -> new Sample(s.jobId(), s.decidedAt(), s.parts(), true))
            .toList();
    Result oneClass = WeightsTrainer.train(allOnTime, DISTANCE_ONLY, 0.2, 20);

    assertThat(few.status()).isEqualTo("insufficient_data");
    assertThat(few.detail()).contains("10 finished jobs");
    assertThat(few.weights()).isNull();
    assertThat(oneClass.status()).isEqualTo("insufficient_data");
    assertThat(oneClass.detail()).contains("on time");
  }

  @Test
  void aucCountsTiesAsHalfAndNeedsBothOutcomes() {
    List<Sample> s =
        List.of(
            new Sample("a", T0, new double[] {1, 0, 0, 0, 0}, true),
            new Sample("b", T0, new double[] {0.5, 0, 0, 0, 0}, false),
            new Sample("c", T0, new double[] {0.5, 0, 0, 0, 0}, true));

    assertThat(WeightsTrainer.auc(s, DISTANCE_ONLY)).isEqualTo(0.75);
    assertThat(WeightsTrainer.auc(s.subList(0, 1), DISTANCE_ONLY)).isNull();
  }
}
