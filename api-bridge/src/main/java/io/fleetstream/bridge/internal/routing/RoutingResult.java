package io.fleetstream.bridge.internal.routing;

import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.UnassignedJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run in the seed-004 shape: {@code itineraries} by fleet entry with numbered stops at
 * the addresses the orders gave, and {@code unassigned} orders by externalId with reason codes.
 */
final class RoutingResult {

  private RoutingResult() {}

  /** The engine's reason as the contract's code, with what it means. */
  static Map<String, String> reason(String engineReason) {
    String[] r =
        switch (engineReason) {
          case "CAPACITY" ->
              new String[] {"CAPACITY_CONSTRAINT", "No vehicle has enough cargo capacity."};
          case "TIME_WINDOW" ->
              new String[] {
                "TIME_WINDOW_CONSTRAINT", "No vehicle can reach the stops within their windows."
              };
          case "SKILL" ->
              new String[] {"SKILL_CONSTRAINT", "No vehicle has the skills the order needs."};
          case "SHIFT" ->
              new String[] {
                "SHIFT_TIME_CONSTRAINT", "No vehicle can serve the order within its shift."
              };
          case "MAX_STOPS" ->
              new String[] {
                "TOUR_SIZE_CONSTRAINT", "Every vehicle already has as many stops as allowed."
              };
          case "UNREACHABLE" ->
              new String[] {"REACHABLE_CONSTRAINT", "No road connects the stops to any vehicle."};
          case "NO_DRIVER" -> new String[] {"NO_VEHICLE", "The fleet is empty."};
          case "BREAK" ->
              new String[] {
                "BREAK_CONSTRAINT",
                "No vehicle can serve the order and let its driver take the break in time."
              };
          default ->
              new String[] {engineReason, "The order could not be placed (" + engineReason + ")."};
        };
    Map<String, String> m = new LinkedHashMap<>();
    m.put("code", r[0]);
    m.put("description", r[1]);
    return m;
  }

  static Map<String, Object> render(
      RoutingProblems.Problem problem, OptimizeRequestData request, PlanData plan) {
    RoutingBody body = problem.body();
    Map<String, Integer> orderOf = new HashMap<>();
    List<JobData> jobs = request.jobs();
    for (int i = 0; i < jobs.size(); i++) {
      orderOf.put(jobs.get(i).jobId(), i);
    }
    Map<String, Integer> fleetOf = new HashMap<>();
    List<DriverData> drivers = request.drivers();
    for (int i = 0; i < drivers.size(); i++) {
      fleetOf.put(drivers.get(i).driverId(), i);
    }
    List<Map<String, Object>> itineraries = new ArrayList<>();
    for (PlanRoute route : plan.routes()) {
      int fleetIndex = fleetOf.get(route.driverId());
      RoutingBody.Fleet fleet = body.fleet().get(fleetIndex);
      List<Map<String, Object>> stops = new ArrayList<>();
      for (PlanStop stop : route.stops()) {
        RoutingBody.Order order = body.orders().get(orderOf.get(stop.jobId()));
        boolean pickup = stop.isPickup();
        RoutingBody.Address at = pickup ? order.pickupAddress() : order.dropoffAddress();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stopNumber", stops.size() + 1);
        s.put("address", address(at));
        s.put("stopType", pickup ? "pickup" : "dropoff");
        s.put("orderExternalId", order.externalId());
        s.put("arrival", stop.arrival());
        s.put("departure", stop.departure());
        stops.add(s);
      }
      Map<String, Object> itinerary = new LinkedHashMap<>();
      itinerary.put("externalId", RoutingMapper.itineraryId(fleet));
      itinerary.put("scheduledStart", fleet.scheduledStart());
      if (fleet.livePosition() != null) {
        itinerary.put("livePosition", fleet.livePosition());
      }
      itinerary.put("itineraryStops", stops);
      itinerary.put("distanceMeters", route.distanceM());
      itinerary.put("durationSeconds", route.durationS());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("fleetIndex", fleetIndex);
      entry.put("itinerary", itinerary);
      itineraries.add(entry);
    }
    List<Map<String, Object>> unassigned = new ArrayList<>();
    for (UnassignedJob u : plan.unassigned()) {
      RoutingBody.Order order = body.orders().get(orderOf.get(u.jobId()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("externalId", order.externalId());
      m.put("reasons", List.of(reason(u.reason())));
      unassigned.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("problemId", problem.problemId());
    out.put("itineraries", itineraries);
    out.put("unassigned", unassigned);
    out.put("ignoredOptions", problem.ignoredOptions());
    return out;
  }

  private static Map<String, Object> address(RoutingBody.Address a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("addressLine1", a.addressLine1());
    m.put("city", a.city());
    m.put("state", a.state());
    m.put("postalCode", a.postalCode());
    m.put("latitude", a.latitude());
    m.put("longitude", a.longitude());
    if (a.geocoded() != null) {
      m.put("geocoded", a.geocoded());
    }
    return m;
  }
}
