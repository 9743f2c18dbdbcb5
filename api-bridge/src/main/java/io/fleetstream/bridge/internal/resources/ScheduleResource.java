package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.DriverDay;
import io.fleetstream.bridge.internal.views.DriverView;
import io.fleetstream.bridge.internal.views.JobView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/dispatch/schedule?date=&driver_id=}: each driver's day as the live dispatcher
 * holds it now — every open job the driver has, whether a committed plan or a live insertion put it
 * there, in route order, with the predicted arrival and finish (from the driver's tracked position
 * when there is one, else the plan), travel between stops, waiting for windows, lateness, and the
 * day's totals.
 */
public final class ScheduleResource {

  private final ViewStore views;
  private final Clock clock;

  public ScheduleResource(ViewStore views, Clock clock) {
    this.views = views;
    this.clock = clock;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/dispatch/schedule", Route.Access.KEY, this::schedule));
  }

  ApiResponse schedule(ApiRequest request) {
    LocalDate date = date(request);
    String driverId = request.query("driver_id").orElse(null);
    Table.Page<DriverView> page;
    if (driverId != null) {
      DriverView one =
          views
              .driver(request.tenant(), driverId)
              .orElseThrow(() -> ApiException.notFound("driver", driverId).withParam("driver_id"));
      page = new Table.Page<>(List.of(one), false);
    } else {
      page = views.drivers(request.tenant(), Lists.cursor(request), Lists.limit(request));
    }
    Map<String, Object> body =
        Lists.page(request, page, DriverView::id, d -> day(request.tenant(), d, date));
    body.put("date", date.toString());
    return ApiResponse.ok(body);
  }

  private LocalDate date(ApiRequest request) {
    String text = request.query("date").orElse(null);
    if (text == null) {
      return LocalDate.now(clock);
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          "date", "date must be a day such as 2026-05-08, not '" + text + "'");
    }
  }

  private Map<String, Object> day(String tenant, DriverView driver, LocalDate date) {
    List<Stop> stops = new ArrayList<>();
    for (JobView job : views.jobsOf(tenant, driver.id())) {
      Stop s = Stop.of(job);
      if (s.arrival() != null
          ? s.arrival().atZone(ZoneOffset.UTC).toLocalDate().equals(date)
          : date.equals(LocalDate.now(clock))) {
        stops.add(s);
      }
    }
    stops.sort(Stop.ROUTE_ORDER);
    List<Map<String, Object>> rendered = new ArrayList<>();
    double travel = 0;
    double idle = 0;
    double service = 0;
    Instant previousFinish = null;
    for (int i = 0; i < stops.size(); i++) {
      Stop s = stops.get(i);
      Double travelMin =
          previousFinish == null || s.arrival() == null
              ? null
              : Math.max(0, minutes(previousFinish, s.arrival()));
      Double idleMin =
          s.arrival() == null || s.windowStart() == null
              ? 0.0
              : Math.max(0, minutes(s.arrival(), s.windowStart()));
      travel += travelMin == null ? 0 : travelMin;
      idle += idleMin;
      service += s.serviceMinutes();
      rendered.add(s.render(i + 1, travelMin, idleMin));
      previousFinish = s.finish() != null ? s.finish() : previousFinish;
    }
    double shiftMinutes =
        DriverMetricsResource.shiftLength(driver.driver().shift()).toSeconds() / 60.0;
    DriverDay done =
        views.history().days(tenant, driver.id(), date, date).stream().findFirst().orElse(null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "driver_schedule");
    m.put("driver_id", driver.id());
    m.put("status", driver.lifecycle());
    m.put("stops", rendered);
    m.put("travel_minutes", round(travel));
    m.put("service_minutes", round(service));
    m.put("idle_minutes", round(idle));
    m.put("late_stops", stops.stream().filter(Stop::late).count());
    m.put("completed", done == null ? 0 : done.completed());
    m.put("failed", done == null ? 0 : done.failed());
    m.put("utilisation", round(service / shiftMinutes));
    return m;
  }

  /** One open job on a driver's route, with the times the views predict for it. */
  private record Stop(
      JobView job,
      Integer stopIndex,
      String etaSource,
      Instant arrival,
      Instant finish,
      Instant windowStart,
      Instant windowEnd,
      double serviceMinutes,
      Double distanceRemainingM) {

    /** Live ETAs in the tracker's order, then planned arrivals, then the rest by id. */
    static final Comparator<Stop> ROUTE_ORDER =
        Comparator.comparing((Stop s) -> "started".equals(s.job().lifecycle()) ? 0 : 1)
            .thenComparing(Stop::arrival, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(s -> s.job().id());

    static Stop of(JobView v) {
      JobData j = v.job();
      TimeWindow w = j.timeWindows().isEmpty() ? null : j.timeWindows().get(0);
      double service = j.serviceMinutesOrZero();
      if (v.eta() != null) {
        return new Stop(
            v,
            v.eta().stopIndex(),
            "live",
            v.eta().eta(),
            v.eta().predictedFinish(),
            w == null ? null : w.start().toInstant(),
            w == null ? null : w.end().toInstant(),
            service,
            v.eta().distanceRemainingM());
      }
      if (v.planned() != null) {
        return new Stop(
            v,
            null,
            "plan",
            v.planned().arrival() == null ? null : v.planned().arrival().toInstant(),
            v.planned().departure() == null ? null : v.planned().departure().toInstant(),
            w == null ? null : w.start().toInstant(),
            w == null ? null : w.end().toInstant(),
            service,
            null);
      }
      return new Stop(
          v,
          null,
          "none",
          null,
          null,
          w == null ? null : w.start().toInstant(),
          w == null ? null : w.end().toInstant(),
          service,
          null);
    }

    boolean late() {
      return finish != null && windowEnd != null && finish.isAfter(windowEnd);
    }

    Map<String, Object> render(int sequence, Double travelMinutes, Double idleMinutes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sequence", sequence);
      m.put("job_id", job.id());
      m.put("status", job.status());
      m.put("eta_source", etaSource);
      m.put("predicted_arrival", arrival);
      m.put("predicted_finish", finish);
      m.put("window_start", windowStart);
      m.put("window_end", windowEnd);
      m.put("service_minutes", round(serviceMinutes));
      m.put("travel_minutes", travelMinutes == null ? null : round(travelMinutes));
      m.put("idle_minutes", idleMinutes == null ? null : round(idleMinutes));
      m.put("distance_remaining_m", distanceRemainingM);
      m.put("late", late());
      m.put("locked", job.locked());
      return m;
    }
  }

  private static double minutes(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 60_000.0;
  }

  private static double round(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
