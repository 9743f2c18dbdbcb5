package io.fleetstream.jobs.optimize;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.routing.geometry.RouteGeometry;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.VrpSolver;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Solves optimization requests off the task thread (Flink Async I/O): checkpoints never wait for a
 * solver, and a request in flight at a checkpoint is solved again after a restore. The answer goes
 * to the plans topic; in {@code commit} mode each routed job also becomes a manual assignment
 * command, fed back through the commands topic, so the live planner adopts the plan.
 */
public final class OptimizeRunner extends RichAsyncFunction<CloudEvent, CloudEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(OptimizeRunner.class);
  static final String SOURCE = "/fleetstream/dispatch-job";

  /** Used when a request sets no time limit: fits the API's synchronous wait with room to spare. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);

  public static final Duration MAX_TIME_LIMIT = Duration.ofSeconds(60);

  private final RoadMap roadMap;
  private final int threads;
  private transient ExecutorService pool;
  private transient MatrixProvider matrices;
  private transient RouteGeometry geometry;

  /**
   * @param roadDataDir where the road graph is cached; null solves on straight lines (great circle
   *     × 1.3 at 30 km/h) without loading a map
   */
  public OptimizeRunner(RoadMap roadMap, int threads) {
    this.roadMap = roadMap;
    this.threads = threads;
  }

  @Override
  public void open(OpenContext openContext) {
    pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fleetstream-optimizer");
              t.setDaemon(true);
              return t;
            });
    if (roadMap != null) {
      RoadNetwork road = roadMap.network();
      matrices = road;
      geometry = road;
    } else {
      matrices = new HaversineMatrix(1.3, 30);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Override
  public void asyncInvoke(CloudEvent request, ResultFuture<CloudEvent> result) {
    pool.submit(
        () -> {
          try {
            result.complete(answer(request));
          } catch (RuntimeException | Error e) {
            LOG.warn("optimization run {} failed", request.id(), e);
            result.complete(List.of(failed(request, "the solver failed: " + e.getMessage())));
          }
        });
  }

  @Override
  public void timeout(CloudEvent request, ResultFuture<CloudEvent> result) {
    result.complete(List.of(failed(request, "the run took longer than its time limit allows")));
  }

  /** How long the operator waits for a run before answering that it timed out. */
  public static Duration asyncTimeout() {
    return MAX_TIME_LIMIT.plusSeconds(60);
  }

  List<CloudEvent> answer(CloudEvent request) {
    OptimizeRequestData r = request.data(OptimizeRequestData.class);
    ProblemMapper.Mapped mapped = ProblemMapper.map(r);
    Duration limit = DEFAULT_TIME_LIMIT;
    if (r.options() != null && r.options().timeLimitS() != null) {
      limit =
          Duration.ofMillis(
              Math.round(Math.min(r.options().timeLimitS(), MAX_TIME_LIMIT.toSeconds()) * 1000));
    }
    Long seed = r.options() != null ? r.options().seed() : null;
    VrpSolver.Builder solver =
        VrpSolver.builder()
            .objective(mapped.objective())
            .vehicleCost(mapped.vehicleCost())
            .timeLimit(limit)
            .threads(threads)
            .matrices(matrices);
    if (geometry != null) {
      solver.geometry(geometry);
    }
    if (seed != null) {
      solver.seed(seed);
    }
    SolveResult solved = solver.build().solve(mapped.problem());
    PlanData plan = PlanMapper.completed(r, mapped, solved, seed);
    List<CloudEvent> out = new ArrayList<>();
    out.add(planEvent(request, plan));
    if ("commit".equals(r.mode())) {
      for (PlanRoute route : plan.routes()) {
        for (PlanStop stop : route.stops()) {
          if (!stop.isPickup()) { // a pair is one job: assigned once, at its dropoff
            out.add(assign(request, stop.jobId(), route.driverId(), r.runId()));
          }
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static CloudEvent assign(
      CloudEvent request, String jobId, String driverId, String runId) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        EventIds.derived(request.id(), jobId, "commit"),
        SOURCE,
        EventType.DISPATCH_ASSIGN.type(),
        jobId,
        now,
        CloudEvent.CONTENT_TYPE,
        request.tenant(),
        jobId,
        new ManualAssignData(jobId, driverId, false, "optimization run " + runId));
  }

  static CloudEvent failed(CloudEvent request, String error) {
    OptimizeRequestData r = request.data(OptimizeRequestData.class);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String objective =
        r.options() != null && r.options().objective() != null
            ? r.options().objective()
            : "min_duration";
    PlanData plan =
        new PlanData(
            r.runId(),
            r.correlationId(),
            "failed",
            r.mode(),
            objective,
            null,
            null,
            null,
            null,
            null,
            null,
            r.options() != null ? r.options().seed() : null,
            0L,
            error,
            now);
    return planEvent(request, plan);
  }

  private static CloudEvent planEvent(CloudEvent request, PlanData plan) {
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        EventIds.derived(request.id(), "plan"),
        SOURCE,
        EventType.OPTIMIZE_COMPLETED.type(),
        plan.runId(),
        plan.completedAt(),
        CloudEvent.CONTENT_TYPE,
        request.tenant(),
        plan.runId(),
        plan);
  }
}
