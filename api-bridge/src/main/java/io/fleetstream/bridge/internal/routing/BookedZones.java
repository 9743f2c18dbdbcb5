package io.fleetstream.bridge.internal.routing;

import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.DriverView;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeRequestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What bookings left live, for {@code updateItinerary}: the zone of each booked itinerary, and per
 * zone the orders and fleet entries booked into it under their live job and driver ids, so an
 * update finds an itinerary's driver, its open jobs and the addresses to answer with. Kept in the
 * routing problems' table under keys of their own ({@code <tenant>/itinerary/…}, {@code
 * <tenant>/routing-zone/…}; problems are {@code <tenant>/<run id>}), so an account's backup and
 * move carry them along.
 */
final class BookedZones {

  /**
   * One booked zone: orders and fleet entries by live job and driver id, itinerary ids to drivers.
   */
  record Zone(
      String zone,
      Map<String, RoutingBody.Order> orders,
      Map<String, RoutingBody.Fleet> fleet,
      Map<String, String> itineraries) {}

  /** Where a booked itinerary lives. */
  record Itinerary(String zone) {}

  /**
   * An update as it is run: the command, the body its answer is drawn from, its new jobs and their
   * orders (recorded by {@link #added} once they are written).
   */
  record Update(
      String zone,
      OptimizeRequestData command,
      RoutingBody rendered,
      List<JobData> newJobs,
      List<RoutingBody.Order> newOrders) {}

  private final Table table;
  private final LivePositions positions;

  BookedZones(Table table, LivePositions positions) {
    this.table = table;
    this.positions = positions;
  }

  /** Records a booking: its orders and fleet in {@code command}'s order. */
  synchronized void booked(String tenant, OptimizeRequestData command, RoutingBody body) {
    String zone = command.jobs().get(0).zone();
    Zone z = zone(tenant, zone);
    for (int i = 0; i < command.drivers().size(); i++) {
      RoutingBody.Fleet f = body.fleet().get(i);
      String driverId = command.drivers().get(i).driverId();
      z.fleet().put(driverId, f);
      z.itineraries().put(RoutingMapper.itineraryId(f), driverId);
      table.put(itineraryKey(tenant, RoutingMapper.itineraryId(f)), new Itinerary(zone));
    }
    addOrders(tenant, z, command.jobs(), body.orders());
  }

  /**
   * The run of an {@code updateItinerary}: the target itineraries' drivers, their open jobs (a
   * started one stays first with its driver; the zone's waiting jobs join in), and the body's new
   * orders. Refuses targets that were never booked here, or that several bookings made (each
   * booking is a live zone of its own, and jobs are only ever given to drivers of their zone).
   */
  Update update(String tenant, RoutingBody body, ViewStore views, int maxOrders, Instant now) {
    List<String> targets = body.targetItineraryIds();
    if (targets == null || targets.isEmpty()) {
      throw RoutingError.invalidInput(
          "targetItineraryIds",
          "'targetItineraryIds' is required with mode updateItinerary: the itineraries to update");
    }
    String zone = null;
    for (int i = 0; i < targets.size(); i++) {
      String at = "targetItineraryIds[" + i + "]";
      String id = targets.get(i);
      Itinerary it =
          id == null ? null : table.get(itineraryKey(tenant, id), Itinerary.class).orElse(null);
      if (it == null) {
        throw RoutingError.invalidRouting(
            at, "no itinerary '" + id + "' was booked on this account");
      }
      if (zone != null && !zone.equals(it.zone())) {
        throw RoutingError.invalidRouting(
            "targetItineraryIds",
            "these itineraries were booked by different problems; update each booking's"
                + " itineraries together, one booking at a time");
      }
      zone = it.zone();
    }
    Zone z = zone(tenant, zone);
    List<DriverData> drivers = new ArrayList<>();
    List<RoutingBody.Fleet> fleet = new ArrayList<>();
    for (String id : new LinkedHashSet<>(targets)) {
      String driverId = z.itineraries().get(id);
      DriverView d = views.driver(tenant, driverId).filter(DriverView::visible).orElse(null);
      if (d == null) {
        throw RoutingError.invalidRouting(
            "targetItineraryIds", "itinerary '" + id + "' has no driver any more");
      }
      drivers.add(d.driver());
      fleet.add(z.fleet().get(driverId));
    }
    // A van on the road is re-planned from where it was last reported, not from its booked start.
    Map<String, DriverStateData> live =
        positions.latest(tenant, drivers.stream().map(DriverData::driverId).toList());
    for (int i = 0; i < drivers.size(); i++) {
      DriverStateData at = live.get(drivers.get(i).driverId());
      if (at != null) {
        drivers.set(i, drivers.get(i).startingAt(new GeoPoint(at.lat(), at.lng(), null)));
        fleet.set(
            i,
            fleet.get(i).from(new RoutingBody.LivePosition(at.lat(), at.lng(), at.lastPingAt())));
      }
    }
    Set<String> ours = new LinkedHashSet<>();
    drivers.forEach(d -> ours.add(d.driverId()));
    List<JobData> open = new ArrayList<>();
    List<RoutingBody.Order> orders = new ArrayList<>();
    Map<String, List<String>> started = new LinkedHashMap<>();
    z.orders()
        .forEach(
            (jobId, order) -> {
              JobView j = views.job(tenant, jobId).filter(JobView::exists).orElse(null);
              if (j == null) {
                return;
              }
              String status = j.status();
              String driver = j.currentDriver();
              boolean waiting = driver == null && !"started".equals(status);
              if (!waiting && !ours.contains(driver)) {
                return; // another itinerary's, or done
              }
              if ("started".equals(status)) {
                started.computeIfAbsent(driver, k -> new ArrayList<>()).add(jobId);
              } else if (!List.of("pending", "assigned", "unassigned").contains(status)) {
                return;
              }
              open.add(j.job());
              orders.add(order);
            });
    // An order sent again (its externalId booked into this zone before) is that order, as booked,
    // never a second job: a caller may send every order of the itineraries, the new ones among
    // them.
    Set<String> known = new LinkedHashSet<>();
    z.orders().values().forEach(o -> known.add(o.externalId()));
    List<RoutingBody.Order> given = body.orders() == null ? List.of() : body.orders();
    List<Integer> addedAt = new ArrayList<>();
    List<RoutingBody.Order> added = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      RoutingBody.Order o = given.get(i);
      if (o == null || o.externalId() == null || !known.contains(o.externalId())) {
        addedAt.add(i);
        added.add(o);
      }
    }
    orders.addAll(added);
    RoutingBody rendered =
        new RoutingBody(
            body.mode(), body.problemId(), null, fleet, orders, targets, body.options());
    OptimizeRequestData command =
        RoutingMapper.mapUpdate(
            tenant, body, addedAt, rendered, open, drivers, started, zone, maxOrders, now);
    List<JobData> newJobs = command.jobs().subList(open.size(), command.jobs().size());
    return new Update(zone, command, rendered, List.copyOf(newJobs), List.copyOf(added));
  }

  /** Records an update's new orders in its zone, for the updates after it. */
  synchronized void added(String tenant, Update update) {
    addOrders(tenant, zone(tenant, update.zone()), update.newJobs(), update.newOrders());
  }

  private void addOrders(
      String tenant, Zone z, List<JobData> jobs, List<RoutingBody.Order> orders) {
    for (int i = 0; i < jobs.size(); i++) {
      z.orders().put(jobs.get(i).jobId(), orders.get(i));
    }
    table.put(zoneKey(tenant, z.zone()), z);
  }

  private Zone zone(String tenant, String zone) {
    Zone stored = table.get(zoneKey(tenant, zone), Zone.class).orElse(null);
    return new Zone(
        zone,
        new LinkedHashMap<>(stored == null ? Map.of() : stored.orders()),
        new LinkedHashMap<>(stored == null ? Map.of() : stored.fleet()),
        new LinkedHashMap<>(stored == null ? Map.of() : stored.itineraries()));
  }

  private static String itineraryKey(String tenant, String itineraryId) {
    return tenant + "/itinerary/" + itineraryId;
  }

  private static String zoneKey(String tenant, String zone) {
    return tenant + "/routing-zone/" + zone;
  }
}
