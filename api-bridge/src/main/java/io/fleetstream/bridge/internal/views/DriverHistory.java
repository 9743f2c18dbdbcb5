package io.fleetstream.bridge.internal.views;

import io.fleetstream.bridge.internal.store.KeyValueStore;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.JobStatusData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Each driver's finished jobs per UTC day, from the field's steps: a start is remembered, a
 * completion or failure counts on the day it happened for the driver who had the job.
 */
public final class DriverHistory {

  static final List<String> TABLES = List.of("driver_days", "job_starts");

  private final Table driverDays;
  private final Table jobStarts;
  private final Entries entries;

  DriverHistory(KeyValueStore db, Entries entries) {
    this.driverDays = db.table("driver_days");
    this.jobStarts = db.table("job_starts");
    this.entries = entries;
  }

  /** A driver's days with finished jobs from {@code from} to {@code to} (UTC dates, inclusive). */
  public List<DriverDay> days(String tenant, String driverId, LocalDate from, LocalDate to) {
    return driverDays
        .scanUntil(
            tenant + "/" + driverId + "/",
            from.minusDays(1).toString(),
            to.plusDays(1).toString(),
            Integer.MAX_VALUE - 1,
            DriverDay.class,
            d -> true)
        .items();
  }

  /**
   * A job's step, once per step (the caller applied it to the job's view just now, which was {@code
   * before}).
   */
  void record(String tenant, EventType type, JobStatusData status, JobView before, Instant at) {
    String jobKey = tenant + "/" + status.jobId();
    switch (type) {
      case JOB_STARTED -> jobStarts.put(jobKey, at.toEpochMilli());
      case JOB_CANCELLED -> jobStarts.delete(jobKey);
      case JOB_COMPLETED, JOB_FAILED -> {
        Long startedAt = jobStarts.get(jobKey, Long.class).orElse(null);
        jobStarts.delete(jobKey);
        String driverId = status.driverId() != null ? status.driverId() : before.currentDriver();
        boolean wasOpen = "open".equals(before.lifecycle()) || "started".equals(before.lifecycle());
        if (driverId == null || !wasOpen) {
          return;
        }
        Instant windowEnd =
            before.job().timeWindows().stream()
                .map(w -> w.end().toInstant())
                .max(Instant::compareTo)
                .orElse(null);
        Double lateness =
            windowEnd == null ? null : (at.toEpochMilli() - windowEnd.toEpochMilli()) / 1000.0;
        Double busy = startedAt == null ? null : (at.toEpochMilli() - startedAt) / 1000.0;
        String day = at.atZone(ZoneOffset.UTC).toLocalDate().toString();
        entries.update(
            driverDays,
            tenant + "/" + driverId + "/" + day,
            DriverDay.class,
            DriverDay.empty(day),
            d -> type == EventType.JOB_FAILED ? d.plusFailed() : d.plusCompleted(lateness, busy));
      }
      default -> {}
    }
  }
}
