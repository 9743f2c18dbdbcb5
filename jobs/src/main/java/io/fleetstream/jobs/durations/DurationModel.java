package io.fleetstream.jobs.durations;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DurationModelData;
import io.fleetstream.schemas.state.DurationPrediction;
import io.fleetstream.schemas.state.DurationSample;
import io.fleetstream.schemas.state.SampleWindow;
import java.time.temporal.ChronoUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by {@code tenant/jobType}: learns service durations from completed jobs — for the job type
 * and for each driver — as the outlier-robust median of the latest samples, and how long jobs took
 * against the duration they declared (the same median of actual / declared), which the planner
 * applies to a job that declares one. Every change is a new model version, published to the planner
 * (side output) and logged on the audit topic.
 */
public final class DurationModel extends KeyedProcessFunction<String, DurationSample, CloudEvent> {

  private static final long serialVersionUID = 1L;
  public static final OutputTag<DurationPrediction> PREDICTIONS =
      new OutputTag<>("duration-predictions", SmileTypeInfo.of(DurationPrediction.class));

  /** Fewer samples than this and the declared duration stands: cold start. */
  public static final int MIN_SAMPLES = 3;

  static final String ALL_DRIVERS = "*";
  static final String SOURCE = "/fleetstream/dispatch-job";

  private transient MapState<String, SampleWindow> windows;
  private transient ValueState<Long> version;

  @Override
  public void open(OpenContext openContext) {
    windows =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "duration-model-windows-v1",
                    Types.STRING,
                    SmileTypeInfo.of(SampleWindow.class)));
    version =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("duration-model-version-v1", Types.LONG));
  }

  @Override
  public void processElement(DurationSample sample, Context ctx, Collector<CloudEvent> out)
      throws Exception {
    long next = (version.value() == null ? 0 : version.value()) + 1;
    version.update(next);
    learn(sample, ALL_DRIVERS, next, ctx, out);
    learn(sample, sample.driverId(), next, ctx, out);
  }

  private void learn(
      DurationSample sample,
      String driverKey,
      long modelVersion,
      Context ctx,
      Collector<CloudEvent> out)
      throws Exception {
    SampleWindow window =
        (windows.contains(driverKey) ? windows.get(driverKey) : new SampleWindow(null))
            .plus(sample.minutes(), sample.declaredMinutes());
    windows.put(driverKey, window);
    if (window.minutes().size() < MIN_SAMPLES) {
      return;
    }
    String driverId = ALL_DRIVERS.equals(driverKey) ? null : driverKey;
    double minutes = Math.round(window.robustMedian() * 10) / 10.0;
    // A job's own declaration says which of its kind it is (a 1-minute check or a 4-minute fix):
    // what is learned of declarations corrects it, rather than one median standing in for all.
    Double ratio =
        window.ratios().size() >= MIN_SAMPLES
            ? Math.round(window.robustRatio() * 1000) / 1000.0
            : null;
    ctx.output(
        PREDICTIONS,
        new DurationPrediction(
            sample.tenant(),
            sample.jobType(),
            driverId,
            minutes,
            window.minutes().size(),
            modelVersion,
            ratio));
    DurationModelData data =
        new DurationModelData(
            sample.jobType(),
            driverId,
            minutes,
            window.minutes().size(),
            modelVersion,
            sample.completedAt().truncatedTo(ChronoUnit.MILLIS),
            Math.round(window.quantile(0.1) * 10) / 10.0,
            Math.round(window.quantile(0.9) * 10) / 10.0,
            ratio);
    out.collect(
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            EventIds.derived(sample.key(), driverKey, Long.toString(modelVersion)),
            SOURCE,
            EventType.AUDIT_DURATION_MODEL.type(),
            sample.jobType(),
            data.updatedAt(),
            CloudEvent.CONTENT_TYPE,
            sample.tenant(),
            sample.tenant(),
            data));
  }
}
