package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.events.AssignmentReason;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.state.DriverState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Weights version 1: the nearest available, capable driver by great-circle distance. The score is
 * the distance factor alone; the other reason fields are reported as observed facts so a reader
 * sees the whole picture. The routing module's road-network scorer replaces this policy.
 */
public final class NearestDriverPolicy {

  public static final int WEIGHTS_VERSION = 1;

  /** Straight-line travel is turned into minutes at this urban average. */
  static final double AVERAGE_SPEED_KMH = 30;

  /** Distance at which the distance factor halves. */
  static final double HALF_SCORE_KM = 5;

  private static final double EARTH_RADIUS_M = 6_371_008.8;

  private NearestDriverPolicy() {}

  /**
   * Decides {@code job} among {@code drivers} at time {@code now}, never choosing {@code excluded}.
   */
  public static Decision decide(
      JobData job,
      Collection<DriverState> drivers,
      Instant now,
      Set<String> excluded,
      ServiceTimes serviceTimes) {
    return choose(job, drivers, now, excluded, true, serviceTimes);
  }

  /**
   * An emergency: the nearest available, capable driver, whether or not they have room (the caller
   * displaces one of their jobs when they have none).
   */
  public static Decision emergency(
      JobData job, Collection<DriverState> drivers, Instant now, ServiceTimes serviceTimes) {
    return choose(job, drivers, now, Set.of(), false, serviceTimes);
  }

  /**
   * The explanation of giving {@code job} to {@code driver} (a dispatcher's choice): its score and
   * rank.
   */
  public static Decision explain(
      JobData job,
      DriverState driver,
      Collection<DriverState> drivers,
      Instant now,
      ServiceTimes serviceTimes) {
    double distance = distanceM(driver.location(), job.location());
    int nearer =
        (int)
            drivers.stream()
                .filter(d -> EligibleDrivers.excludedReason(job, d, now, false) == null)
                .filter(d -> distanceM(d.location(), job.location()) < distance)
                .count();
    ServiceTimes.Estimate service = serviceTimes.estimate(job, driver.driver().driverId());
    return new Decision(
        driver.driver().driverId(),
        nearer + 1,
        score(distance),
        reason(job, driver, distance, now, service),
        distance,
        null,
        drivers.size(),
        EligibleDrivers.scan(job, DriverColumns.of(drivers), now, Set.of(), false, 0).evaluated(),
        service);
  }

  private static Decision choose(
      JobData job,
      Collection<DriverState> drivers,
      Instant now,
      Set<String> excluded,
      boolean needsRoom,
      ServiceTimes serviceTimes) {
    EligibleDrivers.Eligibility e =
        EligibleDrivers.scan(job, DriverColumns.of(drivers), now, excluded, needsRoom, 1);
    if (e.reason() != null) {
      return Decision.unassigned(e.reason(), e.inZone(), e.evaluated());
    }
    DriverState best = e.nearest().get(0).driver();
    double distance = e.nearest().get(0).distanceM();
    ServiceTimes.Estimate service = serviceTimes.estimate(job, best.driver().driverId());
    return Decision.assign(
        best.driver().driverId(),
        score(distance),
        reason(job, best, distance, now, service),
        distance,
        e.inZone(),
        e.evaluated(),
        service);
  }

  /**
   * A driver whose phone reported a position once and has been silent for {@link #SILENT_AFTER}
   * since (by the pings' own clock) gets no new jobs: the driver is probably off duty without
   * having said so, or cannot be reached. Drivers who never sent telemetry are not judged by it.
   */
  static final Duration SILENT_AFTER = Duration.ofMinutes(10);

  /** On shift, available, and not silent: may be given new jobs ({@code SHIFT} otherwise). */
  static boolean onDuty(DriverState d, Instant now) {
    return d.available() && !shiftOver(d, now) && !silent(d, now);
  }

  static boolean silent(DriverState d, Instant now) {
    return d.positionAt() != null && d.positionAt().plus(SILENT_AFTER).isBefore(now);
  }

  private static boolean shiftOver(DriverState d, Instant now) {
    TimeWindow shift = d.driver().shift();
    return shift != null && !shift.end().toInstant().isAfter(now);
  }

  static double score(double distanceM) {
    return Math.round(1000.0 * distanceFactor(distanceM)) / 10.0;
  }

  private static double distanceFactor(double distanceM) {
    return 1.0 / (1.0 + distanceM / 1000.0 / HALF_SCORE_KM);
  }

  private static AssignmentReason reason(
      JobData job,
      DriverState driver,
      double distanceM,
      Instant now,
      ServiceTimes.Estimate service) {
    double travelMinutes = distanceM / 1000.0 / AVERAGE_SPEED_KMH * 60.0;
    double load = driver.jobIds().size() / (double) driver.driver().maxConcurrentJobsOrDefault();
    Instant arrival = now.plusSeconds(Math.round(travelMinutes * 60));
    return new AssignmentReason(
        1.0,
        round3(distanceFactor(distanceM)),
        round3((6 - job.priorityOrDefault()) / 5.0),
        round3(driver.performance()),
        round3(1.0 - load),
        Math.round(service.minutes() + travelMinutes),
        delayRisk(job, arrival, service.minutes()));
  }

  /** 1 when a straight-line arrival already misses every time window, else 0. */
  private static double delayRisk(JobData job, Instant arrival, double serviceMinutes) {
    if (job.timeWindows().isEmpty()) {
      return 0.0;
    }
    Instant finish = arrival.plusSeconds(Math.round(serviceMinutes * 60));
    boolean fits = job.timeWindows().stream().anyMatch(w -> !finish.isAfter(w.end().toInstant()));
    return fits ? 0.0 : 1.0;
  }

  /** Great-circle (haversine) distance in metres. */
  public static double distanceM(GeoPoint a, GeoPoint b) {
    return distanceFromKey(distanceKey(a, b, Math.cos(Math.toRadians(b.lat()))));
  }

  /**
   * The haversine of the central angle from {@code a} to {@code b} ({@code cosB} the cosine of b's
   * latitude): orders points like their distance, without the arcsine (see {@link
   * #distanceFromKey}), so a zone's thousands of drivers can be ranked cheaply.
   */
  static double distanceKey(GeoPoint a, GeoPoint b, double cosB) {
    return distanceKey(a.lat(), a.lng(), Math.cos(Math.toRadians(a.lat())), b, cosB);
  }

  /** {@link #distanceKey(GeoPoint, GeoPoint, double)} with a's cosine of latitude given too. */
  static double distanceKey(double aLat, double aLng, double cosA, GeoPoint b, double cosB) {
    double dLat = Math.toRadians(b.lat() - aLat);
    double dLng = Math.toRadians(b.lng() - aLng);
    return Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + cosA * cosB * Math.sin(dLng / 2) * Math.sin(dLng / 2);
  }

  /** The distance in metres whose {@link #distanceKey} is {@code key}. */
  static double distanceFromKey(double key) {
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(key)));
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
