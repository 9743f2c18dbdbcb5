package io.fleetstream.jobs.optimize;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.solver.SolveResult;
import io.fleetstream.routing.solver.VrpSolver;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.ReplanData;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-solves a zone off the task thread, warm-started from the planner's current plan with started
 * and locked jobs pinned first on their drivers. A plan cheaper than the current one is proposed to
 * the planner as a replan command (through the commands topic); whether it is adopted is the
 * planner's call (plan version and hysteresis).
 */
public final class ReoptimizeRunner extends RichAsyncFunction<ReoptimizeRequest, CloudEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReoptimizeRunner.class);
  static final String SOURCE = "/fleetstream/dispatch-job";

  private final RoadMap roadMap;
  private final Duration timeLimit;
  private final int threads;
  private final double cpuShare;
  private final Duration moveCost;
  private transient ZoneSolveQueue<Pending> queue;
  private transient Counter superseded;
  private transient Counter solved;
  private transient Counter proposed;

  /** How long the latest re-solve took, for the {@code lastSolveMillis} gauge. */
  private transient volatile long lastSolveMillis;

  private transient MatrixProvider matrices;
  private transient RoadNetwork road;

  /** Requests of one zone: each is answered once, with a replan or with nothing. */
  private record Pending(ReoptimizeRequest request, ResultFuture<CloudEvent> result) {}

  /**
   * @param cpuShare the share of one core this instance's solver may use over time (see {@link
   *     ZoneSolveQueue})
   * @param moveCost what a re-solve charges for each job it gives to another driver, in route time
   */
  public ReoptimizeRunner(
      RoadMap roadMap, Duration timeLimit, int threads, double cpuShare, Duration moveCost) {
    this.roadMap = roadMap;
    this.timeLimit = timeLimit;
    this.threads = threads;
    this.cpuShare = cpuShare;
    this.moveCost = moveCost;
  }

  @Override
  public void open(OpenContext openContext) {
    superseded = new SimpleCounter();
    solved = new SimpleCounter();
    proposed = new SimpleCounter();
    try {
      var group = getRuntimeContext().getMetricGroup();
      group.counter("reoptimizationsSuperseded", superseded);
      group.counter("reoptimizationsSolved", solved);
      group.counter("reoptimizationsProposed", proposed);
      group.gauge("lastSolveMillis", () -> lastSolveMillis);
    } catch (IllegalStateException outsideAJob) {
      // unit tests open the function without a runtime context and call propose() directly
    }
    queue =
        new ZoneSolveQueue<>(
            "fleetstream-reoptimizer",
            p -> p.request().zoneKey(),
            this::solve,
            p -> {
              superseded.inc();
              p.result().complete(List.of());
            },
            cpuShare,
            ReoptimizeRunner::machineLoad);
    if (roadMap != null) {
      road = roadMap.network();
      matrices = road;
    } else {
      matrices = new HaversineMatrix(1.3, 30);
    }
  }

  @Override
  public void close() {
    if (queue != null) {
      queue.close();
    }
  }

  @Override
  public void asyncInvoke(ReoptimizeRequest request, ResultFuture<CloudEvent> result) {
    queue.offer(new Pending(request, result));
  }

  private void solve(Pending pending) {
    ReoptimizeRequest request = pending.request();
    try {
      pending.result().complete(propose(request));
    } catch (RuntimeException | Error e) {
      LOG.warn(
          "re-optimizing zone {} at version {} failed",
          request.zoneKey(),
          request.planVersion(),
          e);
      pending.result().complete(List.of());
    }
  }

  @Override
  public void timeout(ReoptimizeRequest request, ResultFuture<CloudEvent> result) {
    queue.withdraw(new Pending(request, result));
    result.complete(List.of()); // the zone will be re-optimized at its next change
  }

  /** A replan command when the search beat the current plan; nothing otherwise. */
  List<CloudEvent> propose(ReoptimizeRequest request) {
    OptimizeRequestData asRun =
        new OptimizeRequestData(
            request.runId(),
            null,
            "commit",
            new OptimizeOptions(null, null, null, request.objective(), null, null),
            request.jobs(),
            request.drivers(),
            request.requestedAt());
    ProblemMapper.Mapped mapped =
        ProblemMapper.mapLive(asRun, request.requestedAt(), request.pairs());
    Problem problem = ReplanProblem.of(request, mapped, moveCost);
    VrpSolver.Builder solver =
        VrpSolver.builder()
            .objective(mapped.objective())
            .timeLimit(searchLimit(timeLimit))
            .threads(threads)
            .seed(request.planVersion())
            .matrices(matrices);
    if (road != null) {
      solver.geometry(road);
    }
    SolveResult solved =
        solver.build().solve(problem, ReplanProblem.warmStart(request, java.util.Set.of()));
    count(solved);
    if (solved.warmStartCost() == null
        || solved.warmStartKept()
        || solved.cost() >= solved.warmStartCost()) {
      return List.of();
    }
    if (proposed != null) {
      proposed.inc();
    }
    PlanData plan = PlanMapper.completed(asRun, mapped, solved, request.planVersion());
    ReplanData replan =
        new ReplanData(
            request.zone(),
            request.planVersion(),
            round(solved.warmStartCost()),
            round(solved.cost()),
            plan);
    return List.of(
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            EventIds.derived(request.zoneKey(), request.runId(), "replan"),
            SOURCE,
            EventType.DISPATCH_REPLAN.type(),
            request.zone(),
            plan.completedAt(),
            CloudEvent.CONTENT_TYPE,
            request.tenant(),
            request.zone(),
            replan));
  }

  /** Counts a finished solve (unit tests call {@link #propose} without opening the function). */
  private void count(SolveResult result) {
    lastSolveMillis = result.elapsedMillis();
    if (solved != null) {
      solved.inc();
    }
  }

  /**
   * The solver's limit for a whole re-optimization {@code budget}: its clock starts before the
   * matrix, and 5 % is kept for what follows the search (repair, the plan, road geometry), so the
   * run ends within the budget.
   */
  public static Duration searchLimit(Duration budget) {
    return Duration.ofMillis(Math.max(1, Math.round(budget.toMillis() * 0.95)));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** The machine's CPU load since the last call (0 when the JVM cannot tell). */
  private static double machineLoad() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getCpuLoad());
    }
    return 0;
  }
}
