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

  private final TravelEstimator travel;

  public EtaCalculator(TravelEstimator travel) {
    this.travel = travel;
  }

  /**
   * Estimates from {@code position} at {@code at}. A started stop is being served: the driver is
   * there, so it finishes one service time after the position was taken at the latest.
   */
  public List<StopEta> etas(GeoPoint position, Instant at, List<RouteStop> stops) {
    List<StopEta> out = new ArrayList<>(stops.size());
    GeoPoint here = position;
    Instant clock = at;
    double distance = 0;
    for (int i = 0; i < stops.size(); i++) {
      RouteStop stop = stops.get(i);
      TravelEstimator.Leg leg = stop.started() ? new TravelEstimator.Leg(0, 0)
          : i == 0 ? travel.fromPosition(position, stop.location()) : travel.leg(here, stop.location());
      distance += leg.distanceM();
      Instant arrival = clock.plusMillis(Math.round(leg.durationS() * 1000));
      Instant finish = arrival.plusMillis(Math.round(stop.serviceMinutes() * 60_000));
      out.add(new StopEta(stop, i, arrival, finish, distance));
      here = stop.location();
      clock = finish;
    }
    return out;
  }

  public String metric() {
    return travel.metric();
  }
}
