package io.fleetstream.jobs.time;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks that keep moving in a quiet stream.
 *
 * <p>Event time normally advances only with events. A dispatch stream goes quiet at night, yet an
 * SLA deadline must still fire at its wall-clock time; and a partition with no traffic must not
 * hold back everyone's event time. So when a split has seen nothing for {@code idleAfter}, its
 * watermark follows the wall clock (minus the bound). While events flow — including a replay of old
 * data — the watermark follows the events alone.
 */
public final class LiveWatermarks<T> implements WatermarkGenerator<T> {

  private final long boundMs;
  private final long idleAfterMs;
  private long maxTimestamp = Long.MIN_VALUE;
  private long lastEventWallClock = System.currentTimeMillis();
  private long lastEmitted = Long.MIN_VALUE;

  public LiveWatermarks(Duration bound, Duration idleAfter) {
    this.boundMs = bound.toMillis();
    this.idleAfterMs = idleAfter.toMillis();
  }

  /** A strategy using these watermarks; timestamps come from the given assigner. */
  public static <T> WatermarkStrategy<T> strategy(
      Duration bound,
      Duration idleAfter,
      org.apache.flink.api.common.eventtime.SerializableTimestampAssigner<T> timestamps) {
    return WatermarkStrategy.<T>forGenerator(ctx -> new LiveWatermarks<>(bound, idleAfter))
        .withTimestampAssigner(timestamps);
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    lastEventWallClock = System.currentTimeMillis();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = System.currentTimeMillis();
    long watermark = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - boundMs - 1;
    if (now - lastEventWallClock > idleAfterMs) {
      watermark = Math.max(watermark, now - boundMs - 1);
    }
    if (watermark > lastEmitted) {
      lastEmitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
