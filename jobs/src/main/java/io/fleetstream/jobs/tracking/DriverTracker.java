package io.fleetstream.jobs.tracking;

import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.dispatch.NearestDriverPolicy;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.TrackedDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code tenant/driver}: applies telemetry pings (dropping duplicates, never moving a
 * driver backwards for an out-of-order ping), publishes the driver's state and presence, and
 * publishes the ETA of each open stop when it first becomes known and whenever it moves by more
 * than the threshold. The driver's stops arrive from the planner on the second input.
 *
 * <p>Going offline is judged on the wall clock (a processing-time timer): silence is the absence of
 * events, so event time cannot measure it.
 */
public final class DriverTracker
    extends KeyedCoProcessFunction<String, CloudEvent, DriverRoute, CloudEvent> {

  private static final long serialVersionUID = 1L;
  static final String ONLINE = "online";
  static final String OFFLINE = "offline";

  private final DispatchJobConfig.Tracking config;
  private final TravelEstimator travel;
  private transient ValueState<TrackedDriver> driver;
  private transient ValueState<DriverRoute> route;
  private transient ValueState<Long> offlineTimer;
  private transient ValueState<Long> lastPingArrival;
  private transient MapState<String, Long> publishedEtas;
  private transient EtaPublisher etaPublisher;
  private transient Counter duplicates;
  private transient Counter outOfOrder;
  private transient Counter late;

  /**
   * What this instance's drivers hold in state, kept on the heap and written through: a ping read
   * the driver, the route and every stop's published ETA from RocksDB, and deserialized them, each
   * time. Empty after a restore, filled from state on each driver's first event; the least recently
   * seen drivers are dropped beyond {@value #CACHED_DRIVERS}.
   */
  private transient Map<String, HeldDriver> heldByKey;

  static final int CACHED_DRIVERS = 100_000;

  /**
   * Drivers whose state changed since the last checkpoint. The driver and the last arrival change
   * at every ping, so they are written to Flink state once per checkpoint ({@link #flush}, called
   * by {@link DriverTrackerOperator} before the barrier) instead of once per ping: serializing and
   * writing them per ping was 7–9 % of the job's CPU at 30,000 pings/s. A dirty driver is never
   * dropped from the heap before it is written. A list and a flag on the driver, not a set of keys:
   * hashing the key into a set at every ping was 5 % of the tracker's samples.
   */
  private transient List<HeldDriver> dirty;

  public DriverTracker(DispatchJobConfig.Tracking config, TravelEstimator travel) {
    this.config = config;
    this.travel = travel;
  }

  @Override
  public void open(OpenContext openContext) {
    driver =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "driver-tracker-driver-v1", SmileTypeInfo.of(TrackedDriver.class)));
    route =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "driver-tracker-route-v1", SmileTypeInfo.of(DriverRoute.class)));
    offlineTimer =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("driver-tracker-offline-timer-v1", Types.LONG));
    lastPingArrival =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("driver-tracker-last-arrival-v1", Types.LONG));
    publishedEtas =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "driver-tracker-published-etas-v1", Types.STRING, Types.LONG));
    etaPublisher =
        new EtaPublisher(config.etaChangeThreshold(), new EtaCalculator(travel), publishedEtas);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicatePings");
    outOfOrder = getRuntimeContext().getMetricGroup().counter("outOfOrderPings");
    late = getRuntimeContext().getMetricGroup().counter("latePings");
    dirty = new ArrayList<>();
    heldByKey =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, HeldDriver> eldest) {
            return size() > CACHED_DRIVERS && !eldest.getValue().dirty;
          }
        };
  }

  @Override
  public void processElement1(CloudEvent ping, Context ctx, Collector<CloudEvent> out)
      throws Exception {
    TelemetryData t = ping.data(TelemetryData.class);
    HeldDriver h = held(ctx.getCurrentKey());
    TrackedDriver known = h.driver;
    // A redelivered ping repeats its original's time, so a ping newer than every applied one is no
    // duplicate: only older ones are looked up (the lookup was 8 % of the tracker at 45,000
    // pings/s).
    if (known != null && !t.recordedAt().isAfter(known.lastPingAt()) && known.hasSeen(ping.id())) {
      duplicates.inc();
      return;
    }
    if (t.recordedAt().toEpochMilli() < ctx.timerService().currentWatermark()) {
      late.inc(); // behind event time already; applied only if it is still the newest we have
    }
    if (known != null && !t.recordedAt().isAfter(known.lastPingAt())) {
      outOfOrder.inc();
      setDriver(h, known.withOutOfOrderPing(ping.id()));
      return;
    }
    Double speed = t.speedMps() != null ? t.speedMps() : derivedSpeed(known, t);
    TrackedDriver base =
        known != null
            ? known
            : new TrackedDriver(
                t.lat(), t.lng(), null, null, t.recordedAt(), null, 0, null, null, null, null);
    TrackedDriver moved =
        base.withPing(ping.id(), t.lat(), t.lng(), speed, t.headingDeg(), t.recordedAt());
    Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
    if (!ONLINE.equals(moved.status()) || dueForPublishing(moved, now)) {
      moved = moved.published(ONLINE, now);
      out.collect(TrackerEvents.state(h.route, ping.tenant(), t.driverId(), moved, ping.id(), now));
    }
    setDriver(h, moved);
    h.lastArrival = ctx.timerService().currentProcessingTime();
    scheduleOffline(h, ctx);
    etaPublisher.publish(h, ping.tenant(), t.driverId(), moved, ping.id(), out, now);
  }

  @Override
  public void processElement2(DriverRoute newRoute, Context ctx, Collector<CloudEvent> out)
      throws Exception {
    HeldDriver h = held(ctx.getCurrentKey());
    route.update(newRoute);
    h.route = newRoute;
    h.routeChanged();
    etaPublisher.forgetStopsOffRoute(h, newRoute);
    TrackedDriver known = h.driver;
    if (known != null) {
      etaPublisher.publish(
          h,
          newRoute.tenant(),
          newRoute.driverId(),
          known,
          "route:" + newRoute.stops(),
          out,
          Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CloudEvent> out)
      throws Exception {
    HeldDriver h = held(ctx.getCurrentKey());
    Long due = h.offlineTimer;
    TrackedDriver known = h.driver;
    if (due == null || due != timestamp) {
      return;
    }
    offlineTimer.clear();
    h.offlineTimer = null;
    if (known == null || OFFLINE.equals(known.status())) {
      return;
    }
    // Silence is measured from the last ping's arrival, kept as the publication time of pings.
    long silentSince = h.lastArrival == null ? timestamp : h.lastArrival;
    long deadline = silentSince + config.offlineAfter().toMillis();
    if (deadline > timestamp) {
      ctx.timerService().registerProcessingTimeTimer(deadline);
      offlineTimer.update(deadline);
      h.offlineTimer = deadline;
      return;
    }
    Instant now = Instant.ofEpochMilli(timestamp);
    TrackedDriver offline = known.published(OFFLINE, now);
    setDriver(h, offline);
    String[] key = ctx.getCurrentKey().split("/", 2);
    out.collect(
        TrackerEvents.state(
            h.route, key[0], key[1], offline, "offline@" + known.lastPingAt(), now));
  }

  /**
   * One pending timer per driver at most: a ping does not move it (that would be a timer delete and
   * insert per ping); when it fires early because pings came since, it is set again for the new
   * deadline.
   */
  private void scheduleOffline(HeldDriver h, Context ctx) throws Exception {
    if (h.offlineTimer == null) {
      long due = ctx.timerService().currentProcessingTime() + config.offlineAfter().toMillis();
      ctx.timerService().registerProcessingTimeTimer(due);
      offlineTimer.update(due);
      h.offlineTimer = due;
    }
  }

  /**
   * The driver's state, from the heap, or from Flink state on the driver's first event since the
   * instance opened.
   */
  private HeldDriver held(String key) throws Exception {
    HeldDriver h = heldByKey.get(key);
    if (h == null) {
      h = new HeldDriver(key);
      h.driver = driver.value();
      h.lastArrival = lastPingArrival.value();
      h.route = route.value();
      h.offlineTimer = offlineTimer.value();
      for (Map.Entry<String, Long> e : publishedEtas.entries()) {
        h.etas.put(e.getKey(), e.getValue());
      }
      heldByKey.put(key, h);
    }
    return h;
  }

  private void setDriver(HeldDriver h, TrackedDriver d) {
    h.driver = d;
    if (!h.dirty) {
      h.dirty = true;
      dirty.add(h);
    }
  }

  /**
   * Writes every changed driver to Flink state; {@code selectKey} makes a driver's key the current
   * one. Called before each checkpoint barrier and at the end of input.
   */
  void flush(Consumer<String> selectKey) throws Exception {
    for (HeldDriver h : dirty) {
      selectKey.accept(h.key);
      driver.update(h.driver);
      lastPingArrival.update(h.lastArrival);
      h.dirty = false;
    }
    dirty.clear();
  }

  private boolean dueForPublishing(TrackedDriver d, Instant now) {
    boolean intervalPassed =
        d.publishedAt() == null
            || Duration.between(d.publishedAt(), now).compareTo(config.driverStateInterval()) >= 0;
    boolean moved =
        d.publishedLat() == null
            || NearestDriverPolicy.distanceM(
                    GeoPoint.of(d.publishedLat(), d.publishedLng()), GeoPoint.of(d.lat(), d.lng()))
                >= config.republishDistanceM();
    return intervalPassed && moved;
  }

  private static Double derivedSpeed(TrackedDriver known, TelemetryData t) {
    if (known == null) {
      return null;
    }
    double seconds = Duration.between(known.lastPingAt(), t.recordedAt()).toMillis() / 1000.0;
    double metres =
        NearestDriverPolicy.distanceM(
            GeoPoint.of(known.lat(), known.lng()), GeoPoint.of(t.lat(), t.lng()));
    return seconds > 0 ? Math.min(metres / seconds, 100.0) : null;
  }
}
