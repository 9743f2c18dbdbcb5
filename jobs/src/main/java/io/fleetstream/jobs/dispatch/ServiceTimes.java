package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.events.JobData;

/** How long a job will take at a driver: learned from completed jobs where there is enough data. */
public interface ServiceTimes {

  /**
   * @param modelVersion the duration model version behind the estimate; null when it is the
   *     declared duration
   */
  record Estimate(double minutes, Long modelVersion) {}

  Estimate estimate(JobData job, String driverId);

  /** The duration the job declares, always. */
  static ServiceTimes declared() {
    return (job, driverId) -> new Estimate(job.serviceMinutesOrZero(), null);
  }
}
