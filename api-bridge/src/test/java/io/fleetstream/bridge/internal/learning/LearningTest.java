package io.fleetstream.bridge.internal.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.jobs.dispatch.InsertionPolicy;
import io.fleetstream.routing.scoring.ScoringWeights;
import org.junit.jupiter.api.Test;

class LearningTest {

  @Test
  void theBuiltInWeightsAreTheDispatchJobsOwn() {
    ScoringWeights v = ScoringWeights.V1;

    assertThat(Learning.BUILT_IN)
        .isEqualTo(
            new WeightsTrainer.Weights(
                v.distance(), v.availability(), v.performance(), v.punctuality(), v.priority()));
    assertThat(Learning.BUILT_IN_VERSION).isEqualTo(InsertionPolicy.WEIGHTS_VERSION);
  }
}
