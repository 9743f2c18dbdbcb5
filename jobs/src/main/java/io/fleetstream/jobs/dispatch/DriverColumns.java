package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.state.DriverState;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A zone's drivers as columns of primitives: what a decision's scan reads of every driver (where
 * they are, whether on duty, whether with room), in arrays walked in order, beside the driver
 * states themselves, which only the few drivers a scan keeps are read from.
 *
 * <p>Why: at 100,000 drivers a zone holds 10,000, and reading each one's state objects (the state,
 * its driver data, position, shift, job list: scattered over a heap of gigabytes) cost about a
 * microsecond per driver in cache misses, 10 ms per new job. The planner keeps one per zone on the
 * heap ({@link CachedZoneState}), written with every driver change; a collection is turned into one
 * for a single scan with {@link #of}. Not thread-safe.
 */
final class DriverColumns {

  private static final long NEVER = Long.MAX_VALUE;

  private final Map<String, Integer> slots = new HashMap<>();
  private DriverState[] drivers = new DriverState[8];
  private String[] ids = new String[8];
  private double[] lat = new double[8];
  private double[] lng = new double[8];
  private double[] cosLat = new double[8];
  private boolean[] available = new boolean[8];
  private boolean[] room = new boolean[8];

  /** When the shift ends, in nanoseconds since the epoch; {@link #NEVER} without a shift. */
  private long[] shiftEnd = new long[8];

  /** From when the driver counts as silent (nanoseconds); {@link #NEVER} without a position. */
  private long[] silentFrom = new long[8];

  private int size;

  /** The drivers of {@code drivers}, in its order (a driver id given twice keeps the last). */
  static DriverColumns of(Iterable<DriverState> drivers) {
    DriverColumns columns = new DriverColumns();
    drivers.forEach(columns::put);
    return columns;
  }

  int size() {
    return size;
  }

  DriverState driver(int slot) {
    return drivers[slot];
  }

  String id(int slot) {
    return ids[slot];
  }

  double lat(int slot) {
    return lat[slot];
  }

  double lng(int slot) {
    return lng[slot];
  }

  /** The cosine of the driver's latitude, for {@link NearestDriverPolicy#distanceKey}. */
  double cosLat(int slot) {
    return cosLat[slot];
  }

  boolean hasRoom(int slot) {
    return room[slot];
  }

  /** {@link NearestDriverPolicy#onDuty} at {@code nowNanos} (see {@link #nanos}). */
  boolean onDuty(int slot, long nowNanos) {
    return available[slot] && shiftEnd[slot] > nowNanos && silentFrom[slot] >= nowNanos;
  }

  /** Adds the driver, or replaces the state kept under their id. */
  void put(DriverState d) {
    String id = d.driver().driverId();
    Integer slot = slots.get(id);
    if (slot == null) {
      slot = size++;
      grow();
      slots.put(id, slot);
    }
    write(slot, d);
  }

  void remove(String driverId) {
    Integer slot = slots.remove(driverId);
    if (slot == null) {
      return;
    }
    int last = --size;
    if (slot != last) {
      write(slot, drivers[last]);
      slots.put(ids[slot], slot);
    }
    drivers[last] = null;
    ids[last] = null;
  }

  /**
   * An instant as nanoseconds since the epoch, clamped to what a long holds (the years 1678–2261):
   * outside them a comparison with a clock inside them still comes out right.
   */
  static long nanos(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
      return NEVER - 1;
    } else if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE + 1;
    }
    return seconds * 1_000_000_000L + t.getNano();
  }

  private void write(int slot, DriverState d) {
    drivers[slot] = d;
    ids[slot] = d.driver().driverId();
    GeoPoint at = d.location();
    lat[slot] = at == null ? Double.NaN : at.lat();
    lng[slot] = at == null ? Double.NaN : at.lng();
    cosLat[slot] = Math.cos(Math.toRadians(lat[slot]));
    available[slot] = d.available();
    room[slot] = d.hasRoom();
    TimeWindow shift = d.driver().shift();
    shiftEnd[slot] = shift == null ? NEVER : nanos(shift.end().toInstant());
    silentFrom[slot] =
        d.positionAt() == null
            ? NEVER
            : nanos(d.positionAt().plus(NearestDriverPolicy.SILENT_AFTER));
  }

  private void grow() {
    if (size <= drivers.length) {
      return;
    }
    int capacity = drivers.length * 2;
    drivers = Arrays.copyOf(drivers, capacity);
    ids = Arrays.copyOf(ids, capacity);
    lat = Arrays.copyOf(lat, capacity);
    lng = Arrays.copyOf(lng, capacity);
    cosLat = Arrays.copyOf(cosLat, capacity);
    available = Arrays.copyOf(available, capacity);
    room = Arrays.copyOf(room, capacity);
    shiftEnd = Arrays.copyOf(shiftEnd, capacity);
    silentFrom = Arrays.copyOf(silentFrom, capacity);
  }
}
