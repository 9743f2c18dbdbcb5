package io.fleetstream.jobs.durations;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.DurationModelData;
import io.fleetstream.schemas.state.DurationPrediction;
import io.fleetstream.schemas.state.DurationSample;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service times learned per job type and per driver, with a cold start and a version per change.
 */
class DurationModelTest {

  private KeyedOneInputStreamOperatorTestHarness<String, DurationSample, CloudEvent> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DurationModel(), DurationSample::key, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void twoSamplesAreAColdStartTheThirdMakesAPredictionForTheTypeAndThenForTheDriver()
      throws Exception {
    sample("drv_a", 40);
    sample("drv_b", 50);
    int coldStart = predictions().size();
    sample("drv_a", 44);

    assertThat(coldStart).isZero();
    assertThat(predictions())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.driverId()).as("the job type's prediction, all drivers").isNull();
              assertThat(p.minutes()).isEqualTo(44);
              assertThat(p.samples()).isEqualTo(3);
              assertThat(p.version()).isEqualTo(3);
            });

    sample("drv_a", 42);
    List<DurationPrediction> all = predictions();
    assertThat(all).extracting(DurationPrediction::driverId).containsExactly(null, null, "drv_a");
    assertThat(all.get(2).minutes()).isEqualTo(42);
    assertThat(all.get(2).version()).isEqualTo(4);
    assertThat(harness.extractOutputValues())
        .extracting(e -> e.data(DurationModelData.class).version())
        .containsExactly(3L, 4L, 4L);
  }

  @Test
  void jobsThatDeclareTheirDurationArePredictedFromItTimesHowFarDeclarationsAreOff()
      throws Exception {
    // A 1-minute check, a 4-minute fix and a 2-minute swap, each taking half again what it
    // declared: the median of 1.5, 6 and 3 minutes (3) would be wrong for the next 4-minute fix.
    sample("drv_a", 1.5, 1);
    sample("drv_b", 6, 4);
    sample("drv_c", 3, 2);

    DurationPrediction p = predictions().get(0);
    assertThat(p.minutes()).isEqualTo(3);
    assertThat(p.ratio()).isEqualTo(1.5);
    assertThat(p.minutesFor(4)).isEqualTo(6);
    assertThat(p.minutesFor(0)).as("a job that declares nothing gets the type's").isEqualTo(3);
  }

  @Test
  void withoutEnoughDeclaredDurationsThereIsNoRatioAndTheLearnedMinutesStand() throws Exception {
    sample("drv_a", 40, 0);
    sample("drv_b", 44, 0);
    sample("drv_c", 42, 30);

    DurationPrediction p = predictions().get(0);
    assertThat(p.ratio()).isNull();
    assertThat(p.minutesFor(30)).isEqualTo(42);
  }

  private void sample(String driverId, double minutes) throws Exception {
    sample(driverId, minutes, 30);
  }

  private void sample(String driverId, double minutes, double declared) throws Exception {
    harness.processElement(
        new DurationSample(
            "acct", "repair", driverId, minutes, declared, Instant.parse("2026-05-08T16:00:00Z")),
        0);
  }

  private List<DurationPrediction> predictions() {
    var emitted = harness.getSideOutput(DurationModel.PREDICTIONS);
    return emitted == null ? List.of() : emitted.stream().map(StreamRecord::getValue).toList();
  }
}
