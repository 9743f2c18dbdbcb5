package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.PayloadItem;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's pickup and goods on the REST API ({@code pickup_*}, {@code demand}, {@code
 * payload_items}, {@code tags}): checked and named as the API names them, merged into the job (an
 * update keeps what it does not name), and shown. The job is then written as a version-2 event.
 */
final class JobGoods {

  private JobGoods() {}

  static void check(JobRequest r) {
    Checks.all(
        () -> Checks.range(r.pickupLat(), -90, 90, "pickup_lat"),
        () -> Checks.range(r.pickupLng(), -180, 180, "pickup_lng"),
        () -> Checks.text(r.pickupAddress(), 512, "pickup_address"),
        () -> Checks.range(r.pickupServiceMinutes(), 0, 1440, "pickup_service_minutes"),
        () -> load(r.demand(), "demand"),
        () -> items(r.payloadItems()),
        () -> Checks.labels(r.tags(), "tags", "tag"));
    if ((r.pickupLat() == null) != (r.pickupLng() == null)) {
      String missing = r.pickupLat() == null ? "pickup_lat" : "pickup_lng";
      throw ApiException.invalid(missing, "pickup_lat and pickup_lng go together");
    }
  }

  /** {@code job} with the request's pickup and goods, else those of {@code base}. */
  static JobData apply(JobData job, JobRequest r, JobData base) {
    Pickup old = base == null ? null : base.pickup();
    Pickup pickup = old;
    boolean named =
        r.pickupLat() != null
            || r.pickupAddress() != null
            || r.pickupServiceMinutes() != null
            || r.pickupWindowStart() != null
            || r.pickupWindowEnd() != null;
    if (named) {
      if (r.pickupLat() == null && old == null) {
        throw ApiException.invalid(
            "pickup_lat", "'pickup_lat' and 'pickup_lng' are required for a pickup");
      }
      GeoPoint at = old == null ? null : old.location();
      String address =
          r.pickupAddress() != null ? r.pickupAddress() : at == null ? null : at.address();
      GeoPoint location =
          r.pickupLat() != null
              ? new GeoPoint(r.pickupLat(), r.pickupLng(), address)
              : new GeoPoint(at.lat(), at.lng(), address);
      TimeWindow oldWindow =
          old == null || old.timeWindows().isEmpty() ? null : old.timeWindows().get(0);
      OffsetDateTime start =
          r.pickupWindowStart() != null
              ? r.pickupWindowStart()
              : oldWindow == null ? null : oldWindow.start();
      OffsetDateTime end =
          r.pickupWindowEnd() != null
              ? r.pickupWindowEnd()
              : oldWindow == null ? null : oldWindow.end();
      Checks.window(start, end, "pickup_window_start", "pickup_window_end");
      pickup =
          new Pickup(
              location,
              r.pickupServiceMinutes() != null
                  ? r.pickupServiceMinutes()
                  : old == null ? null : old.serviceMinutes(),
              start == null ? List.of() : List.of(new TimeWindow(start, end)));
    }
    return job.withDelivery(
        pickup,
        r.demand() != null ? r.demand() : base == null ? null : base.demand(),
        r.payloadItems() != null ? r.payloadItems() : base == null ? null : base.payloadItems(),
        r.tags() != null ? r.tags() : base == null ? null : base.tags());
  }

  static void render(JobData j, Map<String, Object> m) {
    Pickup p = j.pickup();
    if (p == null) {
      m.put("pickup", null);
    } else {
      TimeWindow w = p.timeWindows().isEmpty() ? null : p.timeWindows().get(0);
      Map<String, Object> pickup = new LinkedHashMap<>();
      pickup.put("lat", p.location().lat());
      pickup.put("lng", p.location().lng());
      pickup.put("address", p.location().address());
      pickup.put("service_minutes", p.serviceMinutes());
      pickup.put("window_start", w == null ? null : w.start());
      pickup.put("window_end", w == null ? null : w.end());
      m.put("pickup", pickup);
    }
    m.put("demand", j.demand());
    m.put("payload_items", j.payloadItems());
    m.put("tags", j.tags());
  }

  /** A load's dimensions within the contract's bounds; at least one of them. */
  static void load(Load load, String field) {
    if (load == null) {
      return;
    }
    if (load.weightKg() == null && load.volumeM3() == null && load.count() == null) {
      throw ApiException.invalid(field, "'" + field + "' needs weight_kg, volume_m3 or count");
    }
    Checks.range(load.weightKg(), 0, 1_000_000, field + ".weight_kg");
    Checks.range(load.volumeM3(), 0, 10_000, field + ".volume_m3");
    Checks.range(load.count(), 0, 1_000_000, field + ".count");
  }

  private static void items(List<PayloadItem> items) {
    if (items == null) {
      return;
    }
    if (items.size() > 500) {
      throw ApiException.invalid("payload_items", "at most 500 payload items");
    }
    for (int i = 0; i < items.size(); i++) {
      PayloadItem item = items.get(i);
      String at = "payload_items[" + i + "]";
      if (item == null) {
        throw ApiException.invalid(at, "a payload item is an object");
      }
      Checks.text(item.id(), 128, at + ".id");
      if (item.description() != null && item.description().length() > 512) {
        throw ApiException.invalid(at + ".description", "at most 512 characters");
      }
      Checks.range(item.quantity(), 1, 100_000, at + ".quantity");
      Checks.range(item.weightKg(), 0, 100_000, at + ".weight_kg");
      Checks.range(item.lengthCm(), 0, 10_000, at + ".length_cm");
      Checks.range(item.widthCm(), 0, 10_000, at + ".width_cm");
      Checks.range(item.heightCm(), 0, 10_000, at + ".height_cm");
    }
  }
}
