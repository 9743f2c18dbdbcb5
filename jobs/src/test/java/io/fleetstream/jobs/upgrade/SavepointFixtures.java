package io.fleetstream.jobs.upgrade;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import java.time.Instant;
import java.util.List;

/** The fleet stored in the version-1 savepoint fixture, shared by its writer and its readers. */
final class SavepointFixtures {

  static final String TENANT = "acct_v1";
  static final String ZONE = "v1-zone";

  private SavepointFixtures() {}

  /** Two drivers far apart; drv_v1_east holds one job when the savepoint is taken. */
  static List<CloudEvent> fleet() {
    return List.of(
        event(
            EventType.DRIVER_CREATED,
            "drv_v1_west",
            new DriverData(
                "drv_v1_west",
                null,
                "West",
                null,
                GeoPoint.of(43.7280, 7.4150),
                null,
                null,
                List.of("hvac"),
                1,
                ZONE)),
        event(
            EventType.DRIVER_CREATED,
            "drv_v1_east",
            new DriverData(
                "drv_v1_east",
                null,
                "East",
                null,
                GeoPoint.of(43.7480, 7.4380),
                null,
                null,
                List.of(),
                1,
                ZONE)),
        event(
            EventType.JOB_CREATED,
            "job_v1_east",
            new JobData(
                "job_v1_east",
                null,
                GeoPoint.of(43.7478, 7.4377),
                20.0,
                2,
                null,
                null,
                "repair",
                ZONE)));
  }

  static CloudEvent event(
      EventType type, String key, io.fleetstream.schemas.events.EventData data) {
    return new CloudEvent(
        "1.0",
        "evt_fixture_" + type.name().toLowerCase() + "_" + key,
        "/fixture",
        type.type(),
        key,
        Instant.parse("2026-05-08T16:00:00Z"),
        "application/json",
        TENANT,
        key,
        data);
  }
}
