package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.events.DriverData;
import java.time.Instant;

/**
 * A driver folded from the drivers topic.
 *
 * @param lifecycle {@code active}, {@code off_shift} or {@code deleted}
 */
public record DriverView(
    String tenant,
    String id,
    DriverData driver,
    String lifecycle,
    Instant createdAt,
    Instant updatedAt,
    long offset) {

  static DriverView empty(String tenant, String id) {
    return new DriverView(tenant, id, null, "active", null, null, -1);
  }

  /** Created and not deleted: what the API shows. */
  public boolean visible() {
    return driver != null && !"deleted".equals(lifecycle);
  }

  DriverView withDriver(DriverData d, Instant at, long newOffset) {
    return new DriverView(
        tenant, id, d, lifecycle, createdAt == null ? at : createdAt, at, newOffset);
  }

  DriverView withLifecycle(String newLifecycle, Instant at, long newOffset) {
    return new DriverView(tenant, id, driver, newLifecycle, createdAt, at, newOffset);
  }
}
