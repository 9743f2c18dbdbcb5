package io.fleetstream.bridge.internal.routing;

import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PayloadItem;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.events.Vehicle;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seed-004 routing body as an optimization run of the dispatch job: each order a version-2 job
 * (its pickup, its dropoff, its goods in kilograms and centimetres), each fleet entry a driver with
 * a vehicle. Refusals name the field as the contract names it ({@code orders[2].dropoffAddress}).
 */
final class RoutingMapper {

  static final double KG_PER_LB = 0.45359237;
  static final double CM_PER_INCH = 2.54;
  static final double M3_PER_CUBIC_INCH = 1.6387064e-5;
  static final double KM_PER_MILE = 1.609344;

  /** A route's shift when the contract gives only its start. */
  static final Duration SHIFT = Duration.ofHours(24);

  private RoutingMapper() {}

  /** Plans ({@code run}, {@code plan}) and bookings are apart: each has its own problemIds. */
  enum Kind {
    PLAN("routing", "plan"),
    BOOK("routing-book", "commit");

    final String namespace;
    final String mode;

    Kind(String namespace, String mode) {
      this.namespace = namespace;
      this.mode = mode;
    }
  }

  /** The run id of a problem: one per account and problemId, which makes a retry idempotent. */
  static String runId(String tenant, String problemId) {
    return runId(tenant, problemId, Kind.PLAN);
  }

  static String runId(String tenant, String problemId, Kind kind) {
    return Ids.derived(Ids.OPTIMIZATION_RUN, tenant, kind.namespace, problemId);
  }

  /**
   * The live zone of a booked problem: its jobs and vans decide among themselves (a zone by place
   * could split a route that crosses a city).
   */
  static String zone(String tenant, String problemId) {
    return "routing-" + Ids.derived("", tenant, "routing-book", problemId).substring(0, 16);
  }

  static OptimizeRequestData map(String tenant, RoutingBody body, int maxOrders, Instant now) {
    return map(tenant, body, maxOrders, now, Kind.PLAN);
  }

  static OptimizeRequestData map(
      String tenant, RoutingBody body, int maxOrders, Instant now, Kind kind) {
    String problemId = body.problemId();
    List<RoutingBody.Order> orders = body.orders();
    if (orders == null || orders.isEmpty()) {
      throw RoutingError.invalidRouting("orders", "routing.plan: input.orders must not be empty");
    }
    if (orders.size() > maxOrders) {
      throw RoutingError.invalidRouting(
          "orders", "routing.plan: at most " + maxOrders + " orders per problem on this account");
    }
    if (body.fleet() == null || body.fleet().isEmpty()) {
      throw RoutingError.invalidRouting(
          "fleet", "routing.plan: input.fleet is required for plan and createItinerary modes");
    }
    String zone = kind == Kind.BOOK ? zone(tenant, problemId) : null;
    List<JobData> jobs = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      JobData job = job(tenant, problemId, i, orders.get(i), kind);
      jobs.add(zone == null ? job : job.inZone(zone));
    }
    List<DriverData> drivers = new ArrayList<>();
    for (int i = 0; i < body.fleet().size(); i++) {
      DriverData driver = driver(tenant, problemId, i, body.fleet().get(i), orders.get(0), kind);
      drivers.add(zone == null ? driver : driver.inZone(zone));
    }
    return new OptimizeRequestData(
        runId(tenant, problemId, kind),
        problemId,
        kind.mode,
        RoutingOptions.of(body, jobs, drivers),
        jobs,
        drivers,
        now);
  }

  /**
   * An {@code updateItinerary}: the itineraries' open jobs ({@code open}, as they are live) and the
   * body's new orders, at the places {@code added} of its orders (jobs of this problem, in the
   * booking's {@code zone}; an order is named by its place in the body, as in a booking), planned
   * on the itineraries' drivers. {@code rendered} is the body the answer is drawn from: the target
   * itineraries' fleet entries in {@code drivers} order and the orders in job order (the open ones
   * first). A started job stays first with its driver ({@code started}), before any lock the body
   * asks for.
   */
  static OptimizeRequestData mapUpdate(
      String tenant,
      RoutingBody body,
      List<Integer> added,
      RoutingBody rendered,
      List<JobData> open,
      List<DriverData> drivers,
      Map<String, List<String>> started,
      String zone,
      int maxOrders,
      Instant now) {
    List<JobData> jobs = new ArrayList<>(open);
    for (int i : added) {
      jobs.add(job(tenant, body.problemId(), i, body.orders().get(i), Kind.BOOK).inZone(zone));
    }
    if (jobs.size() > maxOrders) {
      throw RoutingError.invalidRouting(
          "orders",
          "routing.plan: the itineraries hold "
              + open.size()
              + " open orders; with "
              + added.size()
              + " more that is over the "
              + maxOrders
              + " orders per problem on this account");
    }
    OptimizeOptions asked = RoutingOptions.of(rendered, jobs, drivers);
    Map<String, List<String>> locked = new LinkedHashMap<>();
    started.forEach((driver, ids) -> locked.put(driver, new ArrayList<>(ids)));
    asked
        .lockedStops()
        .forEach(
            (driver, ids) ->
                ids.stream()
                    .filter(id -> !locked.getOrDefault(driver, List.of()).contains(id))
                    .forEach(id -> locked.computeIfAbsent(driver, d -> new ArrayList<>()).add(id)));
    return new OptimizeRequestData(
        runId(tenant, body.problemId(), Kind.BOOK),
        body.problemId(),
        Kind.BOOK.mode,
        new OptimizeOptions(
            null,
            null,
            null,
            asked.objective(),
            null,
            null,
            asked.tagPriorities(),
            locked,
            asked.vehicleOverrides()),
        jobs,
        drivers,
        now);
  }

  private static JobData job(
      String tenant, String problemId, int i, RoutingBody.Order o, Kind kind) {
    String at = "orders[" + i + "]";
    if (o == null) {
      throw RoutingError.invalidInput(at, "an order is an object");
    }
    if (o.dropoffAddress() == null) {
      throw RoutingError.invalidRouting(at + ".dropoffAddress", "an order needs a dropoffAddress");
    }
    GeoPoint dropoff = point(o.dropoffAddress(), at + ".dropoffAddress");
    List<TimeWindow> dropoffWindows =
        windows(o.dropoffWindowOpen(), o.dropoffWindowClose(), at + ".dropoffWindow");
    Pickup pickup = null;
    if (o.pickupAddress() != null) {
      pickup =
          new Pickup(
              point(o.pickupAddress(), at + ".pickupAddress"),
              null,
              windows(o.pickupWindowOpen(), o.pickupWindowClose(), at + ".pickupWindow"));
    }
    List<PayloadItem> items = new ArrayList<>();
    if (o.payloadItems() != null) {
      for (int k = 0; k < o.payloadItems().size(); k++) {
        items.add(item(o.payloadItems().get(k), at + ".payloadItems[" + k + "]"));
      }
    }
    List<String> tags = new ArrayList<>();
    if (o.customTags() != null) {
      for (int k = 0; k < o.customTags().size(); k++) {
        RoutingBody.Tag tag = o.customTags().get(k);
        if (tag == null || tag.name() == null || tag.name().isBlank() || tag.name().length() > 64) {
          throw RoutingError.invalidInput(
              at + ".customTags[" + k + "].name", "a tag's name is 1 to 64 characters");
        }
        if (!tags.contains(tag.name())) {
          tags.add(tag.name());
        }
      }
    }
    if (o.externalId() != null && (o.externalId().isEmpty() || o.externalId().length() > 128)) {
      throw RoutingError.invalidInput(at + ".externalId", "an externalId is 1 to 128 characters");
    }
    String id =
        Ids.derived(Ids.JOB, tenant, kind.namespace, problemId, "order", Integer.toString(i));
    return new JobData(id, o.externalId(), dropoff, null, null, dropoffWindows, null, null, null)
        .withDelivery(pickup, null, items, tags);
  }

  private static DriverData driver(
      String tenant,
      String problemId,
      int i,
      RoutingBody.Fleet f,
      RoutingBody.Order first,
      Kind kind) {
    String at = "fleet[" + i + "]";
    if (f == null) {
      throw RoutingError.invalidInput(at, "a fleet entry is an object");
    }
    required(f.driverExternalId(), at + ".driverExternalId");
    required(f.vehicleExternalId(), at + ".vehicleExternalId");
    required(f.vehicleType(), at + ".vehicleType");
    if (f.scheduledStart() == null) {
      throw RoutingError.invalidInput(at + ".scheduledStart", "'scheduledStart' is required");
    }
    // Where the route starts: the entry's startAddress, else the first order's pickup (or dropoff).
    GeoPoint start =
        f.startAddress() != null
            ? point(f.startAddress(), at + ".startAddress")
            : point(
                first.pickupAddress() != null ? first.pickupAddress() : first.dropoffAddress(),
                "orders[0]");
    OffsetDateTime begins = f.scheduledStart();
    String id =
        Ids.derived(Ids.DRIVER, tenant, kind.namespace, problemId, "fleet", Integer.toString(i));
    return new DriverData(
            id,
            itineraryId(f),
            f.driverExternalId(),
            null,
            start,
            null,
            new TimeWindow(begins, begins.plus(SHIFT)),
            f.routeSkills(),
            null,
            null)
        .withVehicle(vehicle(f.vehicleType(), f.vehicleSpec(), at + ".vehicleSpec"), null);
  }

  /** A vehicle of {@code type} as {@code spec} describes it (pounds, cubic inches, miles). */
  static Vehicle vehicle(String type, RoutingBody.VehicleSpec spec, String at) {
    if (spec == null) {
      return new Vehicle(type, null, null, null, null);
    }
    nonNegative(spec.maxWeight(), at + ".maxWeight");
    nonNegative(spec.maxVolume(), at + ".maxVolume");
    nonNegative(spec.maxItems() == null ? null : spec.maxItems().doubleValue(), at + ".maxItems");
    nonNegative(spec.costPerMile(), at + ".costPerMile");
    nonNegative(spec.costPerHour(), at + ".costPerHour");
    nonNegative(spec.fixedCost(), at + ".fixedCost");
    Load capacity = null;
    if (spec.maxWeight() != null || spec.maxVolume() != null || spec.maxItems() != null) {
      capacity =
          new Load(
              spec.maxWeight() == null ? null : spec.maxWeight() * KG_PER_LB,
              spec.maxVolume() == null ? null : spec.maxVolume() * M3_PER_CUBIC_INCH,
              spec.maxItems());
    }
    return new Vehicle(
        type,
        capacity,
        spec.costPerMile() == null ? null : spec.costPerMile() / KM_PER_MILE,
        spec.costPerHour(),
        spec.fixedCost());
  }

  /** The itinerary's external id, as the contract's example builds it. */
  static String itineraryId(RoutingBody.Fleet f) {
    return f.externalId() != null
        ? f.externalId()
        : "fleet_" + f.driverExternalId() + "_" + f.vehicleExternalId();
  }

  private static PayloadItem item(RoutingBody.Item item, String at) {
    if (item == null) {
      throw RoutingError.invalidInput(at, "a payload item is an object");
    }
    nonNegative(item.weight(), at + ".weight");
    nonNegative(item.height(), at + ".height");
    nonNegative(item.length(), at + ".length");
    nonNegative(item.width(), at + ".width");
    if (item.quantity() != null && item.quantity() < 1) {
      throw RoutingError.invalidInput(at + ".quantity", "'quantity' must be at least 1");
    }
    return new PayloadItem(
        item.id(),
        item.description(),
        item.quantity(),
        item.weight() == null ? null : item.weight() * KG_PER_LB,
        item.length() == null ? null : item.length() * CM_PER_INCH,
        item.width() == null ? null : item.width() * CM_PER_INCH,
        item.height() == null ? null : item.height() * CM_PER_INCH);
  }

  /** The address's coordinates: this engine does not geocode. */
  static GeoPoint point(RoutingBody.Address a, String at) {
    if (a.latitude() == null || a.longitude() == null) {
      throw RoutingError.invalidRouting(
          at + (a.latitude() == null ? ".latitude" : ".longitude"),
          "send latitude and longitude (as strings): addresses are not geocoded");
    }
    double lat = number(a.latitude(), at + ".latitude", -90, 90);
    double lng = number(a.longitude(), at + ".longitude", -180, 180);
    return new GeoPoint(lat, lng, label(a));
  }

  private static String label(RoutingBody.Address a) {
    List<String> parts = new ArrayList<>();
    for (String p : new String[] {a.addressLine1(), a.city(), a.state(), a.postalCode()}) {
      if (p != null && !p.isBlank()) {
        parts.add(p);
      }
    }
    String text = String.join(", ", parts);
    return text.isEmpty() ? null : text.length() > 512 ? text.substring(0, 512) : text;
  }

  private static double number(String text, String at, double min, double max) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw RoutingError.invalidInput(at, "'" + text + "' is not a decimal number of degrees");
    }
    if (!(v >= min && v <= max)) {
      throw RoutingError.invalidInput(at, "must be between " + (int) min + " and " + (int) max);
    }
    return v;
  }

  private static List<TimeWindow> windows(OffsetDateTime open, OffsetDateTime close, String at) {
    if (open == null && close == null) {
      return List.of();
    }
    if (open == null || close == null) {
      throw RoutingError.invalidInput(
          at + (open == null ? "Open" : "Close"), "a window needs both its open and close times");
    }
    if (!close.isAfter(open)) {
      throw RoutingError.invalidInput(at + "Close", "the window must close after it opens");
    }
    return List.of(new TimeWindow(open, close));
  }

  private static void required(String value, String at) {
    if (value == null || value.isBlank()) {
      throw RoutingError.invalidInput(
          at, "'" + at.substring(at.lastIndexOf('.') + 1) + "' is required");
    }
    if (value.length() > 128) {
      throw RoutingError.invalidInput(at, "at most 128 characters");
    }
  }

  private static void nonNegative(Double v, String at) {
    if (v != null && !(v >= 0 && v < 1e9)) {
      throw RoutingError.invalidInput(at, "must be a number from 0");
    }
  }
}
