package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.views.DriverDay;
import io.fleetstream.bridge.internal.views.DriverView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/drivers/{id}/metrics?days=N}: how a driver did over the last N UTC days (today
 * included), from the completions and failures the field reported. A driver without history gets
 * zeros, not 404.
 */
public final class DriverMetricsResource {

  static final int DEFAULT_DAYS = 7;
  static final int MAX_DAYS = 90;

  /** The working day assumed for utilisation when the driver has no shift. */
  static final Duration DEFAULT_SHIFT = Duration.ofHours(8);

  private final ViewStore views;
  private final Clock clock;

  public DriverMetricsResource(ViewStore views, Clock clock) {
    this.views = views;
    this.clock = clock;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/drivers/{id}/metrics", Route.Access.KEY, this::metrics));
  }

  ApiResponse metrics(ApiRequest request) {
    int days = days(request);
    String id = request.pathParam("id");
    DriverView driver =
        views.driver(request.tenant(), id).orElseThrow(() -> ApiException.notFound("driver", id));
    LocalDate to = LocalDate.now(clock);
    LocalDate from = to.minusDays(days - 1L);
    List<DriverDay> history = views.history().days(request.tenant(), id, from, to);
    int completed = history.stream().mapToInt(DriverDay::completed).sum();
    int failed = history.stream().mapToInt(DriverDay::failed).sum();
    int withWindow = history.stream().mapToInt(DriverDay::withWindow).sum();
    int onTime = history.stream().mapToInt(DriverDay::onTime).sum();
    double lateness = history.stream().mapToDouble(DriverDay::latenessSumS).sum();
    double busy = history.stream().mapToDouble(DriverDay::busyS).sum();
    long activeDays = history.stream().filter(d -> d.completed() + d.failed() > 0).count();
    double shiftS = shiftLength(driver.driver().shift()).toSeconds();

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "driver_metrics");
    m.put("driver_id", id);
    m.put("days", days);
    m.put("from", from.toString());
    m.put("to", to.toString());
    m.put("completed", completed);
    m.put("failed", failed);
    m.put("jobs_with_window", withWindow);
    m.put("on_time_rate", withWindow == 0 ? 0.0 : round((double) onTime / withWindow));
    m.put("average_lateness_s", withWindow == 0 ? 0.0 : round(lateness / withWindow));
    m.put("busy_minutes", round(busy / 60));
    m.put("active_days", activeDays);
    m.put("utilisation", activeDays == 0 ? 0.0 : round(busy / (activeDays * shiftS)));
    return ApiResponse.ok(m);
  }

  private static int days(ApiRequest request) {
    String text = request.query("days").orElse(null);
    if (text == null) {
      return DEFAULT_DAYS;
    }
    try {
      int days = Integer.parseInt(text);
      if (days >= 1 && days <= MAX_DAYS) {
        return days;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiException.invalid(
        "days", "days must be an integer from 1 to " + MAX_DAYS + ", not '" + text + "'");
  }

  /** The driver's shift length (at most a day), or {@link #DEFAULT_SHIFT} without a shift. */
  static Duration shiftLength(TimeWindow shift) {
    if (shift == null || shift.start() == null || shift.end() == null) {
      return DEFAULT_SHIFT;
    }
    Duration d = Duration.between(shift.start(), shift.end());
    return d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0 ? DEFAULT_SHIFT : d;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
