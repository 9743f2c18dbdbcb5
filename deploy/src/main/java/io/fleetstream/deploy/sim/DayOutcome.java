package io.fleetstream.deploy.sim;

/**
 * What a day cost, measured the same way for the live run and for the hindsight plan: the driving
 * (metres and seconds on the road network), the jobs served, those whose service started after
 * their window closed, and those never served before the day was over.
 */
public record DayOutcome(
    double drivingMetres, double drivingSeconds, int served, int late, int unserved) {

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
