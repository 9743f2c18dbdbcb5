package io.fleetstream.jobs.upgrade;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverBreak;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.PayloadItem;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.events.Vehicle;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The fleet stored in the savepoint fixtures, shared by their writer and their readers. */
final class SavepointFixtures {

  static final String TENANT = "acct_v1";
  static final String ZONE = "v1-zone";

  private SavepointFixtures() {}

  /**
   * Two drivers far apart; drv_v1_east holds one job when the savepoint is taken. Since state
   * version 3 (dispatch-v3) they are version-2 events: vans with capacities and breaks, and a job
   * with its goods and tags, so the fixture's state holds every field a version-2 record has.
   */
  static List<CloudEvent> fleet() {
    Vehicle van = new Vehicle("cargo_van", new Load(800.0, 6.0, 30), 0.4, 30.0, 50.0);
    List<DriverBreak> lunch =
        List.of(
            new DriverBreak(
                new TimeWindow(
                    OffsetDateTime.parse("2026-05-08T12:00:00+02:00"),
                    OffsetDateTime.parse("2026-05-08T14:00:00+02:00")),
                30));
    DriverData west =
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
                ZONE)
            .withVehicle(van, lunch);
    DriverData east =
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
                ZONE)
            .withVehicle(van, null);
    JobData job =
        new JobData(
                "job_v1_east",
                null,
                GeoPoint.of(43.7478, 7.4377),
                20.0,
                2,
                null,
                null,
                "repair",
                ZONE)
            .withDelivery(
                null,
                null,
                List.of(new PayloadItem("boiler", "Boiler", 1, 60.0, 80.0, 60.0, 60.0)),
                List.of("lift-gate"));
    return List.of(
        event(EventType.forDriver(true, west), "drv_v1_west", west),
        event(EventType.forDriver(true, east), "drv_v1_east", east),
        event(EventType.forJob(true, job), "job_v1_east", job));
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
