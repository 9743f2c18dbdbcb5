package io.fleetstream.jobs.tracking;

import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.state.RouteStop;
import java.time.Instant;
import java.util.List;

/** ETAs along a route: drive to each stop in order, serve it, drive on. */
public final class EtaCalculator {

  /** The estimate for one stop. */
  public record StopEta(
      RouteStop stop, int index, Instant arrival, Instant finish, double distanceRemainingM) {}

  private static final TravelEstimator.Leg NO_TRAVEL = new TravelEstimator.Leg(0, 0);

  private final TravelEstimator travel;

  public EtaCalculator(TravelEstimator travel) {
    this.travel = travel;
  }

  /** The fixed part of a route's ETAs: the legs between its stops and their service times. */
  public RouteTimes route(List<RouteStop> stops) {
    return new RouteTimes(stops);
  }

  public String metric() {
    return travel.metric();
  }

  /** Where the driver is heading first: the leg there and when they arrive. */
  public record FirstLeg(TravelEstimator.Leg leg, Instant arrival) {}

  /**
   * One route's times. Only the leg from the driver to the first stop changes with a ping; every
   * later stop is reached a fixed time after the first (the legs between stops and the service
   * times do not move), so a ping moves all ETAs of a route by the same amount. The tracker relies
   * on that to tell from the first arrival alone that no ETA moved enough to publish.
   */
  public final class RouteTimes {
    private final List<RouteStop> stops;

    /** Arrival at each stop minus arrival at the first, in milliseconds. */
    private final long[] afterFirstMs;

    /** Road distance from the first stop to each stop. */
    private final double[] afterFirstM;

    private RouteTimes(List<RouteStop> stops) {
      this.stops = List.copyOf(stops);
      this.afterFirstMs = new long[stops.size()];
      this.afterFirstM = new double[stops.size()];
      long clock = 0;
      double distance = 0;
      for (int i = 1; i < stops.size(); i++) {
        RouteStop before = stops.get(i - 1);
        RouteStop stop = stops.get(i);
        TravelEstimator.Leg leg =
            stop.started() ? NO_TRAVEL : travel.leg(before.location(), stop.location());
        clock += Math.round(before.serviceMinutes() * 60_000) + Math.round(leg.durationS() * 1000);
        distance += leg.distanceM();
        afterFirstMs[i] = clock;
        afterFirstM[i] = distance;
      }
    }

    public List<RouteStop> stops() {
      return stops;
    }

    /** How long after the first stop's arrival stop {@code index} is reached. */
    public long afterFirstMs(int index) {
      return afterFirstMs[index];
    }

    /**
     * The leg from {@code position} to the first stop and the arrival there. A started stop is
     * being served: the driver is there, so there is no leg and it finishes one service time after
     * the position was taken at the latest.
     */
    public FirstLeg first(GeoPoint position, Instant at) {
      RouteStop stop = stops.get(0);
      TravelEstimator.Leg leg =
          stop.started() ? NO_TRAVEL : travel.fromPosition(position, stop.location());
      return new FirstLeg(leg, at.plusMillis(Math.round(leg.durationS() * 1000)));
    }

    /** Stop {@code index}'s estimate, given the first leg. */
    public StopEta eta(int index, FirstLeg first) {
      RouteStop stop = stops.get(index);
      Instant arrival = first.arrival().plusMillis(afterFirstMs[index]);
      Instant finish = arrival.plusMillis(Math.round(stop.serviceMinutes() * 60_000));
      return new StopEta(
          stop, index, arrival, finish, first.leg().distanceM() + afterFirstM[index]);
    }
  }
}
