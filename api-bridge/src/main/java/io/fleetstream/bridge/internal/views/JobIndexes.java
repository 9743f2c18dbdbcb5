package io.fleetstream.bridge.internal.views;

import io.fleetstream.bridge.internal.store.Table;
import java.util.List;
import java.util.Objects;

/**
 * The job views' secondary indexes, kept in step with every change of a job's view (under the job's
 * lock): the open jobs at SLA risk, and each driver's open jobs.
 */
final class JobIndexes {

  private final Table slaRisk;
  private final Table driverJobs;

  JobIndexes(Table slaRisk, Table driverJobs) {
    this.slaRisk = slaRisk;
    this.driverJobs = driverJobs;
  }

  /** Moves the job's index entries from what {@code before} said to what {@code after} says. */
  void changed(String tenant, String id, JobView before, JobView after) {
    String jobKey = tenant + "/" + id;
    if (atRisk(after) && !atRisk(before)) {
      slaRisk.put(jobKey, 1);
    } else if (atRisk(before) && !atRisk(after)) {
      slaRisk.delete(jobKey);
    }
    String was = holder(before);
    String is = holder(after);
    if (!Objects.equals(was, is)) {
      if (was != null) {
        driverJobs.delete(tenant + "/" + was + "/" + id);
      }
      if (is != null) {
        driverJobs.put(tenant + "/" + is + "/" + id, id);
      }
    }
  }

  /** The ids of the driver's open jobs (started ones included). */
  List<String> jobsOf(String tenant, String driverId) {
    return driverJobs
        .scan(tenant + "/" + driverId + "/", null, Integer.MAX_VALUE - 1, String.class, s -> true)
        .items();
  }

  List<String> atRiskKeys(String tenant) {
    return slaRisk.keys(tenant + "/");
  }

  /** Open (or under way) and the SLA watcher last said late or at risk. */
  static boolean atRisk(JobView v) {
    return v != null && v.exists() && v.sla() != null && !"ok".equals(v.sla().status()) && open(v);
  }

  /** The driver an open job is with, for the driver's schedule; null for a finished job. */
  static String holder(JobView v) {
    return v != null && v.exists() && open(v) ? v.currentDriver() : null;
  }

  private static boolean open(JobView v) {
    return "open".equals(v.lifecycle()) || "started".equals(v.lifecycle());
  }
}
