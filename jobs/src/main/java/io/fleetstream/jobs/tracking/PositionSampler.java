package io.fleetstream.jobs.tracking;

import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.dispatch.NearestDriverPolicy;
import io.fleetstream.jobs.internal.cache.LruMap;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.TelemetryData;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Lets through the pings the dispatch planner needs to know where drivers are: a driver's first,
 * then one whenever they moved {@code positionSampleM} or {@code positionSampleInterval} passed
 * (device time) since the last one let through. Every other ping goes to the tracker only; the
 * planner sees a few per driver and minute instead of every one.
 *
 * <p>What was let through is kept on the heap, per instance, not in Flink state: after a restore
 * the sampler starts afresh and lets each driver's next ping through, which costs one extra
 * position update and loses nothing. Bounded to the most recently seen drivers.
 */
public final class PositionSampler implements FilterFunction<CloudEvent> {

  private static final long serialVersionUID = 1L;

  /** Drivers remembered per instance; the least recently seen is forgotten first. */
  static final int MAX_DRIVERS = 200_000;

  private final double sampleM;
  private final long sampleMillis;
  private transient Map<String, Sample> last;

  public PositionSampler(DispatchJobConfig.Tracking tracking) {
    this.sampleM = tracking.positionSampleM();
    this.sampleMillis = tracking.positionSampleInterval().toMillis();
  }

  private record Sample(GeoPoint where, Instant at) {}

  @Override
  public boolean filter(CloudEvent event) {
    if (!(event.data() instanceof TelemetryData ping) || ping.recordedAt() == null) {
      return false;
    }
    if (last == null) {
      last = LruMap.of(MAX_DRIVERS);
    }
    String key = event.tenant() + "/" + ping.driverId();
    GeoPoint where = GeoPoint.of(ping.lat(), ping.lng());
    Sample before = last.get(key);
    if (before != null) {
      if (!ping.recordedAt().isAfter(before.at())) {
        return false; // a late or repeated ping: the planner has a newer position already
      }
      boolean due = ping.recordedAt().toEpochMilli() - before.at().toEpochMilli() >= sampleMillis;
      boolean moved = NearestDriverPolicy.distanceM(before.where(), where) >= sampleM;
      if (!due && !moved) {
        return false;
      }
    }
    last.put(key, new Sample(where, ping.recordedAt()));
    return true;
  }
}
