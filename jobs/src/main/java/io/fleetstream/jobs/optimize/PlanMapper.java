package io.fleetstream.jobs.optimize;

import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanBreak;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.UnassignedJob;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the engine's plan back into the contract's plan, in wall-clock time. */
public final class PlanMapper {

  private PlanMapper() {}

  public static PlanData completed(
      OptimizeRequestData request, ProblemMapper.Mapped mapped, SolveResult result, Long seed) {
    Map<String, Driver> drivers = mapped.problem().driversById();
    List<PlanRoute> routes =
        result.plan().routes().stream()
            .filter(r -> !r.stops().isEmpty())
            .map(r -> route(r, drivers.get(r.driverId()), mapped.origin(), mapped.offset()))
            .toList();
    List<UnassignedJob> unassigned =
        result.plan().unassigned().stream()
            .map(u -> new UnassignedJob(u.jobId(), u.reason().name()))
            .toList();
    double distance = result.plan().routes().stream().mapToDouble(Route::distance).sum();
    double duration =
        result.plan().routes().stream()
            .filter(r -> !r.stops().isEmpty())
            .mapToDouble(Route::duration)
            .sum();
    boolean allRoad =
        result.plan().routes().stream()
            .filter(r -> !r.stops().isEmpty())
            .allMatch(r -> "road".equals(r.metric()));
    return new PlanData(
        request.runId(),
        request.correlationId(),
        "completed",
        request.mode(),
        request.options() != null && request.options().objective() != null
            ? request.options().objective()
            : "min_duration",
        round(result.cost()),
        round(duration),
        round(distance),
        routes,
        unassigned,
        allRoad ? "road" : "haversine",
        seed,
        result.elapsedMillis(),
        null,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private static PlanRoute route(Route r, Driver driver, Instant origin, ZoneOffset offset) {
    List<PlanStop> stops = r.stops().stream().map(s -> stop(s, origin, offset)).toList();
    List<PlanBreak> breaks = new ArrayList<>();
    for (int i = 0; i < r.breakStarts().size() && driver != null; i++) {
      double start = r.breakStarts().get(i);
      breaks.add(
          new PlanBreak(
              at(origin, start, offset),
              at(origin, start + driver.breaks().get(i).durationSeconds(), offset)));
    }
    return new PlanRoute(
        r.driverId(),
        stops,
        round(r.distance()),
        round(r.duration()),
        r.polyline().isEmpty() ? null : r.polyline(),
        breaks);
  }

  private static PlanStop stop(RouteStop s, Instant origin, ZoneOffset offset) {
    String kind =
        switch (s.type()) {
          case PICKUP -> PlanStop.PICKUP;
          case DROPOFF -> PlanStop.DROPOFF;
          case SERVICE -> null;
        };
    return new PlanStop(
        s.jobId(),
        at(origin, s.arrival(), offset),
        at(origin, s.departure(), offset),
        round(s.departure() - s.serviceStart()),
        kind);
  }

  private static OffsetDateTime at(Instant origin, double seconds, ZoneOffset offset) {
    return origin.plusSeconds(Math.round(seconds)).atOffset(offset);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
