package io.fleetstream.jobs.tracking;

import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.ingest.ValidateEvents;
import io.fleetstream.jobs.internal.cache.LruMap;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Validation;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The dispatch planner's own reader of the telemetry topic: the pings {@link PositionSampler} lets
 * through, read without parsing most of the others.
 *
 * <p>Why it thins before parsing: this reader sees every ping the tracker sees, and validating each
 * one to keep a few per driver and minute cost as much CPU as the tracker's own reader — more while
 * it caught up with a backlog, since nothing holds it back. A record whose Kafka key let a record
 * through less than {@link #thinningMillis} ago (wall clock) is skipped unread: in that time a
 * driver at 108 km/h covers at most the sample distance, so the planner hears of a move at most one
 * sample distance late. The thinning trusts the contract's key ({@code tenant/driver} for
 * telemetry); a key seen carrying another driver's ping is never thinned again, so a producer that
 * keys otherwise costs CPU, not positions.
 *
 * <p>Invalid records are dropped here: the tracker's reader of the same topic reports each one to
 * the dead-letter topic.
 */
public final class PositionReader extends ProcessFunction<RawRecord, CloudEvent> {

  private static final long serialVersionUID = 1L;

  /** 108 km/h: the speed the thinning interval is sized for. */
  static final double FAST_DRIVER_MPS = 30;

  /** Keys remembered per instance (their last pass, or that they carry several drivers). */
  static final int MAX_KEYS = 200_000;

  private final PositionSampler sampler;
  private final long thinningMillis;
  private transient EventValidator validator;
  private transient Map<String, Long> lastRead;
  private transient Map<String, Boolean> sharedKeys;
  private transient Counter skipped;

  public PositionReader(DispatchJobConfig.Tracking tracking) {
    this.sampler = new PositionSampler(tracking);
    this.thinningMillis =
        Math.min(
            tracking.positionSampleInterval().toMillis(),
            Math.round(tracking.positionSampleM() / FAST_DRIVER_MPS * 1000));
  }

  @Override
  public void open(OpenContext openContext) {
    validator = EventValidator.create();
    lastRead = LruMap.of(MAX_KEYS);
    sharedKeys = LruMap.of(MAX_KEYS);
    skipped = getRuntimeContext().getMetricGroup().counter("positionsSkippedUnread");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<CloudEvent> out) {
    String key = raw.keyAsString();
    long now = ctx.timerService().currentProcessingTime();
    boolean thinned = key != null && !sharedKeys.containsKey(key);
    if (thinned) {
      Long last = lastRead.get(key);
      if (last != null && now - last < thinningMillis && now >= last) {
        skipped.inc();
        return;
      }
    }
    CloudEvent event = validPing(raw);
    if (event == null) {
      return;
    }
    TelemetryData ping = (TelemetryData) event.data();
    if (thinned) {
      if (key.equals(event.tenant() + "/" + ping.driverId())) {
        lastRead.put(key, now);
      } else {
        sharedKeys.put(key, Boolean.TRUE);
        lastRead.remove(key);
      }
    }
    if (sampler.filter(event)) {
      out.collect(event);
    }
  }

  /** The record as a ping, or null when it is none (reported by the tracker's reader). */
  private CloudEvent validPing(RawRecord raw) {
    return ValidateEvents.validate(validator, raw) instanceof Validation.Valid valid
            && valid.event().data() instanceof TelemetryData
        ? valid.event()
        : null;
  }
}
