package io.fleetstream.jobs.tracking;

import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.state.RouteStop;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** ETAs along a route: drive to each stop in order, serve it, drive on. */
public final class EtaCalculator {

  /** The estimate for one stop. */
  public record StopEta(RouteStop stop, int index, Instant arrival, Instant finish, double distanceRemainingM) {}

  private static final TravelEstimator.Leg NO_TRAVEL = new TravelEstimator.Leg(0, 0);

  private final TravelEstimator travel;

  public EtaCalculator(TravelEstimator travel) {
    this.travel = travel;
  }

  /**
   * Estimates from {@code position} at {@code at}. A started stop is being served: the driver is
   * there, so it finishes one service time after the position was taken at the latest.
   */
  public List<StopEta> etas(GeoPoint position, Instant at, List<RouteStop> stops) {
    return etas(position, at, stops, legsBetween(stops));
  }

  /**
   * As {@link #etas(GeoPoint, Instant, List)}, with the legs between the stops given (from
   * {@link #legsBetween}): they change only with the route, while the position changes at every ping.
   */
  public List<StopEta> etas(GeoPoint position, Instant at, List<RouteStop> stops, List<TravelEstimator.Leg> between) {
    List<StopEta> out = new ArrayList<>(stops.size());
    Instant clock = at;
    double distance = 0;
    for (int i = 0; i < stops.size(); i++) {
      RouteStop stop = stops.get(i);
      TravelEstimator.Leg leg = stop.started() ? NO_TRAVEL
          : i == 0 ? travel.fromPosition(position, stop.location()) : between.get(i);
      distance += leg.distanceM();
      Instant arrival = clock.plusMillis(Math.round(leg.durationS() * 1000));
      Instant finish = arrival.plusMillis(Math.round(stop.serviceMinutes() * 60_000));
      out.add(new StopEta(stop, i, arrival, finish, distance));
      clock = finish;
    }
    return out;
  }

  /** The leg into each stop from the one before it (none into the first: that one starts at the driver). */
  public List<TravelEstimator.Leg> legsBetween(List<RouteStop> stops) {
    List<TravelEstimator.Leg> legs = new ArrayList<>(stops.size());
    for (int i = 0; i < stops.size(); i++) {
      legs.add(i == 0 ? NO_TRAVEL : travel.leg(stops.get(i - 1).location(), stops.get(i).location()));
    }
    return legs;
  }

  public String metric() {
    return travel.metric();
  }
}
