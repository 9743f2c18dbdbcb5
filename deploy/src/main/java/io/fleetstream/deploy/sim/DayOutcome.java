package io.fleetstream.deploy.sim;

/**
 * What a day cost, measured the same way for the live run and for the hindsight plan: the driving
 * (metres and seconds on the road network), the jobs served, those whose service started after
 * their window closed, and those never served before the day was over. A live day also counts its
 * churn: how often a job was given to another driver after it had one ({@code moved}), and how many
 * drives that cut short ({@code cutShort}); a plan made offline has none.
 */
public record DayOutcome(
    double drivingMetres,
    double drivingSeconds,
    int served,
    int late,
    int unserved,
    int moved,
    int cutShort) {

  /** A plan's outcome: nothing is moved once given. */
  public DayOutcome(
      double drivingMetres, double drivingSeconds, int served, int late, int unserved) {
    this(drivingMetres, drivingSeconds, served, late, unserved, 0, 0);
  }

  /**
   * What a job not started within its window costs, in driving minutes: an hour, the technician's
   * visit that has to be made again. Without it, a plan that serves nobody would cost nothing; and
   * a late visit counts like a missed one, or a plan could buy a lower cost with broken promises
   * (the live job may serve a job late, the hindsight plan, whose windows are hard, cannot).
   */
  public static final double MISSED_WINDOW_PENALTY_MINUTES = 60;

  /** Driving minutes, plus {@value #MISSED_WINDOW_PENALTY_MINUTES} per late or unserved job. */
  public double cost() {
    return drivingSeconds / 60 + MISSED_WINDOW_PENALTY_MINUTES * (late + unserved);
  }

  public double drivingKm() {
    return drivingMetres / 1000;
  }
}
