package io.fleetstream.deploy.sim;

import io.fleetstream.jobs.dispatch.NearestDriverPolicy;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.TelemetryData;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** One simulated driver: where they are, what they do, and the jobs the planner gave them. */
final class SimDriver {

  enum Phase {
    IDLE,
    DRIVING,
    SERVING
  }

  final String id;
  GeoPoint position;
  double speedMps;
  double headingDeg;
  Phase phase = Phase.IDLE;
  String currentJob;
  PathPlanner.Path path;
  Instant legStart;
  Instant serveUntil;
  Instant lastPing = Instant.EPOCH;
  final Deque<String> queue = new ArrayDeque<>();

  /** How far along the current leg the driver is, 0 to 1. */
  double legFraction;

  /** What the driver has driven so far, legs cut short included. */
  double drivenMetres;

  double drivenSeconds;

  SimDriver(String id, GeoPoint start) {
    this.id = id;
    this.position = start;
  }

  /** Moves along the path to where the driver is at {@code now}; true once arrived. */
  boolean driveTo(Instant now) {
    double elapsed = (now.toEpochMilli() - legStart.toEpochMilli()) / 1000.0;
    double fraction = path.seconds() <= 0 ? 1 : Math.min(1, elapsed / path.seconds());
    legFraction = fraction;
    GeoPoint previous = position;
    position = along(fraction);
    speedMps = fraction >= 1 ? 0 : path.metres() / Math.max(1, path.seconds());
    if (NearestDriverPolicy.distanceM(previous, position) > 1) {
      headingDeg = bearing(previous, position);
    }
    return fraction >= 1;
  }

  /** What the driver's phone reports now (5 m accuracy). */
  TelemetryData ping(Instant now) {
    return new TelemetryData(id, position.lat(), position.lng(), speedMps, headingDeg, 5.0, now);
  }

  /**
   * The planner gave {@code jobId} to someone else: it leaves the queue, and a driver on the way to
   * it turns around where they are. True when they turned around.
   */
  boolean loseJob(String jobId) {
    queue.remove(jobId);
    if (!jobId.equals(currentJob) || phase != Phase.DRIVING) {
      return false;
    }
    endLeg();
    phase = Phase.IDLE;
    currentJob = null;
    return true;
  }

  /** Counts the part of the current leg driven: at arrival, or where the driver turns around. */
  void endLeg() {
    drivenMetres += legFraction * path.metres();
    drivenSeconds += legFraction * path.seconds();
    legFraction = 0;
  }

  private GeoPoint along(double fraction) {
    var points = path.points();
    if (points.size() == 1 || fraction >= 1) {
      return points.get(points.size() - 1);
    }
    double total = 0;
    double[] legs = new double[points.size() - 1];
    for (int i = 0; i < legs.length; i++) {
      legs[i] = NearestDriverPolicy.distanceM(points.get(i), points.get(i + 1));
      total += legs[i];
    }
    double target = fraction * total;
    for (int i = 0; i < legs.length; i++) {
      if (target <= legs[i] || i == legs.length - 1) {
        double t = legs[i] == 0 ? 1 : Math.min(1, target / legs[i]);
        GeoPoint a = points.get(i);
        GeoPoint b = points.get(i + 1);
        return GeoPoint.of(a.lat() + (b.lat() - a.lat()) * t, a.lng() + (b.lng() - a.lng()) * t);
      }
      target -= legs[i];
    }
    return points.get(points.size() - 1);
  }

  private static double bearing(GeoPoint a, GeoPoint b) {
    double y = Math.sin(Math.toRadians(b.lng() - a.lng())) * Math.cos(Math.toRadians(b.lat()));
    double x =
        Math.cos(Math.toRadians(a.lat())) * Math.sin(Math.toRadians(b.lat()))
            - Math.sin(Math.toRadians(a.lat()))
                * Math.cos(Math.toRadians(b.lat()))
                * Math.cos(Math.toRadians(b.lng() - a.lng()));
    double degrees = (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    return degrees >= 360 ? 0 : degrees;
  }
}
