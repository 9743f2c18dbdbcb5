package io.fleetstream.jobs.zones;

import ch.hsr.geohash.GeoHash;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.DecideData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStatusData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.LockData;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.TelemetryData;
import java.io.Serializable;
import java.util.Optional;

/**
 * Derives entity keys and zones from events.
 *
 * <p>The default geohash precision 4 gives cells of about 39 × 20 km: a metro area falls in one or
 * a few cells, so nearby drivers usually share a zone, and a large tenant still spreads over many
 * keys. Tenants that need exact regions set {@code zone} on their jobs and drivers.
 */
public final class Zones implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_GEOHASH_PRECISION = 4;

  private final int geohashPrecision;

  public Zones(int geohashPrecision) {
    if (geohashPrecision < 1 || geohashPrecision > 12) {
      throw new IllegalArgumentException("geohash precision must be 1..12");
    }
    this.geohashPrecision = geohashPrecision;
  }

  /**
   * True for the events that can bring a job or driver into being (the others need one to exist).
   */
  public static boolean creates(CloudEvent event) {
    return event.data() instanceof JobData
        || event.data() instanceof DriverData
        || event.data() instanceof EmergencyDispatchData;
  }

  /** {@code tenant/job/<id>} or {@code tenant/driver/<id>}: one key per entity. */
  public static String entityKey(CloudEvent event) {
    return event.tenant() + "/" + entityOf(event);
  }

  private static String entityOf(CloudEvent event) {
    if (event.data() instanceof JobData job) {
      return "job/" + job.jobId();
    } else if (event.data() instanceof EmergencyDispatchData emergency) {
      return "job/" + emergency.job().jobId();
    } else if (event.data() instanceof ManualAssignData assign) {
      return "job/" + assign.jobId();
    } else if (event.data() instanceof LockData lock) {
      return "job/" + lock.jobId();
    } else if (event.data() instanceof DecideData decide) {
      return "job/" + decide.jobId();
    } else if (event.data() instanceof JobStatusData status) {
      return "job/" + status.jobId();
    } else if (event.data() instanceof DriverData driver) {
      return "driver/" + driver.driverId();
    } else if (event.data() instanceof DriverStatusData status) {
      return "driver/" + status.driverId();
    } else if (event.data() instanceof TelemetryData ping) {
      return "driver/" + ping.driverId();
    }
    throw new IllegalArgumentException("not a job or driver event: " + event.type());
  }

  /**
   * The zone a creating or updating event names, explicitly or through its location; empty for
   * status events, which carry neither.
   */
  public Optional<String> zoneOf(CloudEvent event) {
    if (event.data() instanceof JobData job) {
      return Optional.of(job.zone() != null ? job.zone() : cell(job.location()));
    } else if (event.data() instanceof EmergencyDispatchData emergency) {
      JobData job = emergency.job();
      return Optional.of(job.zone() != null ? job.zone() : cell(job.location()));
    } else if (event.data() instanceof DriverData driver) {
      return Optional.of(driver.zone() != null ? driver.zone() : cell(driver.startLocation()));
    } else if (event.data() instanceof JobStatusData status) {
      return Optional.ofNullable(status.zone());
    } else if (event.data() instanceof DriverStatusData status) {
      return Optional.ofNullable(status.zone());
    }
    return Optional.empty();
  }

  private String cell(GeoPoint point) {
    return "gh-"
        + GeoHash.withCharacterPrecision(point.lat(), point.lng(), geohashPrecision).toBase32();
  }
}
