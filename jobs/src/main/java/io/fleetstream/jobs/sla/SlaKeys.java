package io.fleetstream.jobs.sla;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;

/** {@code tenant/job}: the SLA watcher's key, from any event about a job. */
public final class SlaKeys {

  private SlaKeys() {}

  public static String of(CloudEvent event) {
    return event.tenant() + "/" + jobId(event);
  }

  static String jobId(CloudEvent event) {
    if (event.data() instanceof JobData d) {
      return d.jobId();
    } else if (event.data() instanceof EmergencyDispatchData d) {
      return d.job().jobId();
    } else if (event.data() instanceof JobStatusData d) {
      return d.jobId();
    } else if (event.data() instanceof AssignmentData d) {
      return d.jobId();
    } else if (event.data() instanceof EtaData d) {
      return d.jobId();
    }
    throw new IllegalArgumentException("not about a job: " + event.type());
  }
}
