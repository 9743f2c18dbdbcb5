package io.fleetstream.bridge.internal.routing;

import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.limits.ConcurrencyLimiter;
import io.fleetstream.bridge.internal.resources.Writes;
import io.fleetstream.bridge.internal.views.PlanWaiters;
import io.fleetstream.bridge.internal.views.RunView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Seed 004's {@code POST /routing/book}: orders and vans booked live, and booked again. */
final class RoutingBooking {

  private final Writes writes;
  private final ViewStore views;
  private final PlanWaiters waiters;
  private final RoutingProblems problems;
  private final BookedZones booked;
  private final ConcurrencyLimiter waiting;
  private final AddressFill addresses;
  private final Clock clock;

  RoutingBooking(
      Writes writes,
      ViewStore views,
      PlanWaiters waiters,
      RoutingProblems problems,
      BookedZones booked,
      ConcurrencyLimiter waiting,
      AddressFill addresses,
      Clock clock) {
    this.writes = writes;
    this.views = views;
    this.waiters = waiters;
    this.problems = problems;
    this.booked = booked;
    this.waiting = waiting;
    this.addresses = addresses;
    this.clock = clock;
  }

  /**
   * {@code POST /routing/book}, always synchronous. Mode {@code createItinerary}: the orders become
   * live jobs and the fleet live drivers (version-2 events, one zone of their own), and a committed
   * optimization run assigns them. Mode {@code updateItinerary}: the booked itineraries {@code
   * targetItineraryIds} are planned again with their open jobs (started ones stay first) and the
   * body's new orders, which become live jobs of the same zone, and the committed run reassigns
   * them (see {@link BookedZones#update}). The answer is the booked itineraries. A problemId is
   * booked once: again, 409 {@code already_booked}; a retry while it is still being booked waits
   * for it.
   */
  ApiResponse book(ApiRequest request) {
    RoutingBody body = request.body(RoutingBody.class);
    RoutingResource.checkAccount(body.accountId());
    String problemId = RoutingResource.problemId(body);
    if (body.mode() == null) {
      throw RoutingError.invalidInput(
          "mode", "'mode' is required on /routing/book: createItinerary or updateItinerary");
    }
    boolean update = "updateItinerary".equals(body.mode());
    if (!update && !"createItinerary".equals(body.mode())) {
      throw RoutingError.invalidRouting(
          "mode",
          "mode "
              + body.mode()
              + " is not offered by /routing/book: createItinerary or updateItinerary");
    }
    String tenant = request.tenant();
    String runId = RoutingMapper.runId(tenant, problemId, RoutingMapper.Kind.BOOK);
    var existing = views.run(tenant, runId);
    if (existing.isPresent() && existing.get().done()) {
      throw RoutingError.of(
          409,
          "already_booked",
          "problem '" + problemId + "' was booked already; plan again under a new problemId",
          "problemId");
    }
    if (!waiting.tryAcquire(tenant)) {
      throw RoutingError.of(
          429, "rate_limit_error", "too many routing requests waiting for this account", null);
    }
    CompletableFuture<PlanData> plan = waiters.register(tenant, runId);
    try {
      if (existing.isEmpty()) {
        body = addresses.fill(body);
        int maxOrders = request.caller().account().limits().maxJobsPerOptimize();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        OptimizeRequestData command;
        RoutingBody rendered;
        List<DriverData> newDrivers;
        List<JobData> newJobs;
        BookedZones.Update updated = null;
        if (update) {
          updated = booked.update(tenant, body, views, maxOrders, now);
          command = updated.command();
          rendered = updated.rendered();
          newDrivers = List.of();
          newJobs = updated.newJobs();
        } else {
          command = RoutingMapper.map(tenant, body, maxOrders, now, RoutingMapper.Kind.BOOK);
          rendered = body;
          newDrivers = command.drivers();
          newJobs = command.jobs();
        }
        problems.keep(
            tenant,
            new RoutingProblems.Problem(
                problemId, runId, rendered, RoutingOptions.ignoredOptions(body.options())));
        // Ids of their own, derived from the problem: a retried booking writes the same events.
        for (var driver : newDrivers) {
          created(request, runId, EventType.forDriver(true, driver), driver.driverId(), driver);
        }
        for (var job : newJobs) {
          created(request, runId, EventType.forJob(true, job), job.jobId(), job);
        }
        writes.charged(
            request,
            Meter.Kind.OPTIMIZE,
            EventType.forOptimization(command),
            runId,
            command,
            Map.of());
        if (update) {
          booked.added(tenant, updated);
        } else {
          booked.booked(tenant, command, body);
        }
      }
    } catch (RuntimeException e) {
      waiters.forget(tenant, runId);
      waiting.release(tenant);
      throw e;
    }
    CompletableFuture<PlanData> waited =
        plan.completeOnTimeout(null, RoutingResource.MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return ApiResponse.later(
        waited,
        () -> {
          try {
            if (waited.getNow(null) == null
                && !views.run(tenant, runId).map(RunView::done).orElse(false)) {
              waiters.forget(tenant, runId);
              throw RoutingError.of(
                  500,
                  "book_failed",
                  "the booking's optimization did not finish within "
                      + RoutingResource.MAX_WAIT.toSeconds()
                      + " s; retry with the same problemId (it goes on, and is booked once)",
                  null);
            }
            return problems.answer(tenant, runId, false);
          } catch (RoutingError e) {
            return e.response();
          } finally {
            waiting.release(tenant);
          }
        });
  }

  /**
   * A driver or job the booking creates, its event id derived from the run: a retry rewrites it.
   */
  private void created(
      ApiRequest request, String runId, EventType type, String id, EventData data) {
    writes.command(
        request, Meter.Kind.WRITE, type, Ids.derived(Ids.EVENT, runId, id), id, data, Map.of());
  }
}
