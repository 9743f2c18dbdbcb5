package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.ingest.DeadLetters;
import io.fleetstream.jobs.internal.cache.LruMap;
import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.jobs.optimize.RoadMap;
import io.fleetstream.jobs.simulate.SimulationInput;
import io.fleetstream.jobs.zones.RoutedEvent;
import io.fleetstream.jobs.zones.ZoneRouter;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.ReplanData;
import io.fleetstream.schemas.events.ScoringWeightsData;
import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.DurationPrediction;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import io.fleetstream.schemas.state.RouteStop;
import io.fleetstream.schemas.state.ZonePlanMeta;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by {@code tenant/zone}: keeps the zone's open jobs and drivers and publishes each decision.
 * The duration model's predictions arrive broadcast to every planner instance.
 */
public final class DispatchPlanner
    extends KeyedBroadcastProcessFunction<String, RoutedEvent, PlannerBroadcast, CloudEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DispatchPlanner.class);

  /** Zones due for re-optimization, with their open work. */
  public static final OutputTag<ReoptimizeRequest> REOPTIMIZE =
      new OutputTag<>("reoptimize", SmileTypeInfo.memoized(ReoptimizeRequest.class));

  /** What-ifs with the zone's snapshot, for the simulation stage. */
  public static final OutputTag<SimulationInput> SIMULATE =
      new OutputTag<>("simulate", SmileTypeInfo.of(SimulationInput.class));

  /** The open stops of every driver whose stops changed, for the tracker. */
  public static final OutputTag<DriverRoute> ROUTES =
      new OutputTag<>("driver-routes", SmileTypeInfo.of(DriverRoute.class));

  /** Learned service durations by {@code tenant/jobType/driver} (or {@code /*} for all drivers). */
  public static final MapStateDescriptor<String, DurationPrediction> PREDICTIONS_STATE =
      new MapStateDescriptor<>(
          "duration-predictions-v1", Types.STRING, SmileTypeInfo.of(DurationPrediction.class));

  /** Each account's active scoring weights, by tenant; an account without any scores with v2. */
  public static final MapStateDescriptor<String, ScoringWeightsData> WEIGHTS_STATE =
      new MapStateDescriptor<>(
          "scoring-weights-v1", Types.STRING, SmileTypeInfo.of(ScoringWeightsData.class));

  static final String JOBS_STATE = "dispatch-planner-jobs-v1";
  static final String DRIVERS_STATE = "dispatch-planner-drivers-v1";

  /**
   * Zones whose jobs and drivers are kept on the heap per instance; the least recently used is
   * dropped first.
   */
  static final int MAX_CACHED_ZONES = 4096;

  private transient MapState<String, JobState> jobs;
  private transient MapState<String, DriverState> drivers;

  /**
   * Each zone's jobs and drivers as in {@link #jobs} and {@link #drivers}, read from state once and
   * then written through: every decision reads all of its zone's drivers and the routes of several,
   * and deserializing them from RocksDB each time was the planner's largest cost in a profile.
   * Starts empty after a restore and refills from state.
   */
  private transient Map<String, CachedZoneState.Zone> zoneCache;

  private transient Counter assigned;
  private transient Counter unassigned;
  private transient Counter failed;
  private transient Counter adopted;
  private transient Counter staleReplans;
  private transient Counter replansBelowHysteresis;
  private transient ValueState<ZonePlanMeta> meta;

  /**
   * Scores insertions on the road network when the job has one, else on straight lines (× 1.3 at 30
   * km/h).
   */
  private transient InsertionPolicy policy;

  /** Each account's policy with its learned weights, built once per version. */
  private transient Map<String, InsertionPolicy> tenantPolicies;

  private final DispatchJobConfig.Reoptimization reoptimization;
  private final RoadMap roadMap;

  /** Decides on straight lines: for jobs without a road network (tests of the decision rules). */
  public DispatchPlanner(DispatchJobConfig.Reoptimization reoptimization) {
    this(reoptimization, null);
  }

  /**
   * @param roadMap the road network; null decides on straight lines
   */
  public DispatchPlanner(DispatchJobConfig.Reoptimization reoptimization, RoadMap roadMap) {
    this.reoptimization = reoptimization;
    this.roadMap = roadMap;
  }

  @Override
  public void open(OpenContext openContext) {
    jobs =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    JOBS_STATE, Types.STRING, SmileTypeInfo.of(JobState.class)));
    drivers =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    DRIVERS_STATE, Types.STRING, SmileTypeInfo.of(DriverState.class)));
    assigned = getRuntimeContext().getMetricGroup().counter("jobsAssigned");
    unassigned = getRuntimeContext().getMetricGroup().counter("jobsUnassigned");
    failed = getRuntimeContext().getMetricGroup().counter("eventsFailed");
    adopted = getRuntimeContext().getMetricGroup().counter("replansAdopted");
    staleReplans = getRuntimeContext().getMetricGroup().counter("replansStale");
    replansBelowHysteresis = getRuntimeContext().getMetricGroup().counter("replansBelowHysteresis");
    policy =
        roadMap == null
            ? InsertionPolicy.straightLine()
            : InsertionPolicy.onRoads(roadMap.network());
    zoneCache = LruMap.of(MAX_CACHED_ZONES);
    tenantPolicies = LruMap.of(MAX_CACHED_ZONES);
    meta =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "dispatch-planner-meta-v1", SmileTypeInfo.of(ZonePlanMeta.class)));
  }

  @Override
  public void processElement(RoutedEvent routed, ReadOnlyContext ctx, Collector<CloudEvent> out)
      throws Exception {
    CachedZoneState zone = zoneState(ctx.getCurrentKey());
    if (routed.event().eventType() == EventType.SIMULATION_REQUESTED) {
      // A what-if reads the zone and changes nothing in it: no decision, no re-plan scheduled.
      ctx.output(SIMULATE, whatIf(routed, zone));
      return;
    }
    ServiceTimes serviceTimes =
        learned(routed.event().tenant(), ctx.getBroadcastState(PREDICTIONS_STATE));
    ZoneDispatcher dispatcher =
        new ZoneDispatcher(
            routed.event().tenant(),
            routed.zone(),
            zone,
            Clock.systemUTC(),
            serviceTimes,
            policyOf(routed.event().tenant(), ctx.getBroadcastState(WEIGHTS_STATE)));
    ZonePlanMeta plan = planMeta();
    boolean replan = routed.event().eventType() == EventType.DISPATCH_REPLAN;
    if (replan && !adoptable(routed.event().data(ReplanData.class), plan)) {
      return;
    }
    List<CloudEvent> decisions;
    try {
      decisions = replan ? dispatcher.adopt(routed.event()) : dispatcher.apply(routed.event());
    } catch (RuntimeException fault) {
      // A bug must not turn one record into a restart loop: keep the record, say what happened.
      LOG.error(
          "cannot apply {} {} in zone {}",
          routed.event().type(),
          routed.event().id(),
          routed.zoneKey(),
          fault);
      failed.inc();
      out.collect(
          DeadLetters.of(
              routed.event(),
              new Rejection(ErrorCode.PROCESSING_FAILED, "", fault.toString()),
              "dispatch-planner"));
      return;
    }
    for (CloudEvent decision : decisions) {
      if (decision.data() instanceof AssignmentData a) {
        (a.assigned() ? assigned : unassigned).inc();
      }
      out.collect(decision);
    }
    for (String driverId : zone.touchedDrivers) {
      ctx.output(ROUTES, routeOf(routed.event().tenant(), driverId, zone, serviceTimes));
    }
    if (replan) {
      adopted.inc();
      out.collect(adoptedPlan(routed.event()));
      // a fresh plan: nothing to re-solve yet
      meta.update(new ZonePlanMeta(plan.version() + 1, 0, plan.timerAt(), plan.requestedAt()));
    } else if (!decisions.isEmpty() || !zone.touchedDrivers.isEmpty() || zone.jobsChanged) {
      meta.update(
          scheduleReoptimization(
              plan.changed(), routed.event().tenant(), routed.zone(), zone, ctx));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CloudEvent> out)
      throws Exception {
    ZonePlanMeta plan = meta.value();
    if (plan == null || plan.timerAt() == null || plan.timerAt() != timestamp) {
      return;
    }
    String[] key = ctx.getCurrentKey().split("/", 2);
    if (plan.changes() > 0) {
      ctx.output(
          REOPTIMIZE, ReplanRequests.of(key[0], key[1], plan, zoneState(ctx.getCurrentKey())));
      meta.update(plan.requested(timestamp));
    } else {
      meta.update(plan.withTimer(null));
    }
  }

  /**
   * The version must still match (nothing changed since the solve) and the saving must beat the
   * hysteresis.
   */
  private boolean adoptable(ReplanData replan, ZonePlanMeta plan) {
    if (replan.planVersion() != plan.version()) {
      staleReplans.inc();
      return false;
    }
    if (replan.improvement() < reoptimization.hysteresis()) {
      replansBelowHysteresis.inc();
      return false;
    }
    return true;
  }

  /**
   * Re-solve now after enough changes, else within the configured time of the first one; but never
   * sooner after the last request than one solve and its rest take (time limit / cpu share): a
   * request made sooner would only wait for the solver, and building it reads the whole zone.
   */
  private ZonePlanMeta scheduleReoptimization(
      ZonePlanMeta plan, String tenant, String zoneName, ZoneState zone, ReadOnlyContext ctx) {
    long now = ctx.timerService().currentProcessingTime();
    if (plan.changes() >= reoptimization.afterChanges()) {
      long earliest = plan.requestedAt() == null ? now : plan.requestedAt() + minInterval();
      if (earliest <= now) {
        if (plan.timerAt() != null) {
          ctx.timerService().deleteProcessingTimeTimer(plan.timerAt());
        }
        ctx.output(REOPTIMIZE, ReplanRequests.of(tenant, zoneName, plan, zone));
        return plan.requested(now);
      }
      if (plan.timerAt() == null || plan.timerAt() > earliest) {
        if (plan.timerAt() != null) {
          ctx.timerService().deleteProcessingTimeTimer(plan.timerAt());
        }
        ctx.timerService().registerProcessingTimeTimer(earliest);
        return plan.withTimer(earliest);
      }
      return plan;
    }
    if (plan.timerAt() == null) {
      long at = now + reoptimization.after().toMillis();
      ctx.timerService().registerProcessingTimeTimer(at);
      return plan.withTimer(at);
    }
    return plan;
  }

  private long minInterval() {
    return Math.round(reoptimization.timeLimit().toMillis() / reoptimization.cpuShare());
  }

  /** The adopted plan, published on the plans topic as the replan carried it. */
  private static CloudEvent adoptedPlan(CloudEvent replanEvent) {
    ReplanData replan = replanEvent.data(ReplanData.class);
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        EventIds.derived(replanEvent.id(), "adopted"),
        replanEvent.source(),
        EventType.OPTIMIZE_COMPLETED.type(),
        replan.plan().runId(),
        replan.plan().completedAt(),
        CloudEvent.CONTENT_TYPE,
        replanEvent.tenant(),
        replan.plan().runId(),
        replan.plan());
  }

  /** The zone's plan bookkeeping, or a fresh one for a zone that has none yet. */
  private ZonePlanMeta planMeta() throws Exception {
    ZonePlanMeta plan = meta.value();
    return plan != null ? plan : ZonePlanMeta.initial();
  }

  private SimulationInput whatIf(RoutedEvent routed, ZoneState zone) throws Exception {
    ZonePlanMeta plan = planMeta();
    Map<String, String> reasons = new HashMap<>();
    for (JobState j : zone.jobs()) {
      if (j.status() == JobStatus.PENDING && j.unassignedReason() != null) {
        reasons.put(j.job().jobId(), j.unassignedReason());
      }
    }
    return new SimulationInput(
        routed.event(),
        ReplanRequests.whole(routed.event().tenant(), routed.zone(), plan.version(), zone),
        reasons);
  }

  private CachedZoneState zoneState(String zoneKey) {
    return new CachedZoneState(jobs, drivers, zoneCache, zoneKey);
  }

  @Override
  public void processBroadcastElement(
      PlannerBroadcast element, Context ctx, Collector<CloudEvent> out) throws Exception {
    if (element.prediction() != null) {
      DurationPrediction prediction = element.prediction();
      ctx.getBroadcastState(PREDICTIONS_STATE).put(prediction.key(), prediction);
    } else if (element.weights() != null) {
      // The latest activation wins, whatever its version: activating an older version rolls back.
      ScoringWeightsData current = ctx.getBroadcastState(WEIGHTS_STATE).get(element.tenant());
      if (current == null || !element.weights().activatedAt().isBefore(current.activatedAt())) {
        ctx.getBroadcastState(WEIGHTS_STATE).put(element.tenant(), element.weights());
      }
    }
  }

  /** The policy with the account's active weights; the built-in ones when it has none. */
  private InsertionPolicy policyOf(
      String tenant, ReadOnlyBroadcastState<String, ScoringWeightsData> weights) {
    ScoringWeightsData active = CachedZoneState.call(() -> weights.get(tenant));
    if (active == null) {
      return policy;
    }
    InsertionPolicy cached = tenantPolicies.get(tenant);
    if (cached == null || cached.weightsVersion() != active.version()) {
      cached = policy.withWeights(active);
      tenantPolicies.put(tenant, cached);
    }
    return cached;
  }

  /** The driver's own learned duration, else the job type's, else what the job declares. */
  private static ServiceTimes learned(
      String tenant, ReadOnlyBroadcastState<String, DurationPrediction> predictions) {
    return (job, driverId) -> {
      String jobType = job.jobType() != null ? job.jobType() : ZoneRouter.DEFAULT_JOB_TYPE;
      DurationPrediction p =
          CachedZoneState.call(
              () -> predictions.get(DurationPrediction.key(tenant, jobType, driverId)));
      if (p == null) {
        p =
            CachedZoneState.call(
                () -> predictions.get(DurationPrediction.key(tenant, jobType, null)));
      }
      return p != null
          ? new ServiceTimes.Estimate(p.minutes(), p.version())
          : new ServiceTimes.Estimate(job.serviceMinutesOrZero(), null);
    };
  }

  /**
   * The driver's open stops in the order they were given, started jobs included; a pickup still to
   * make is a stop of its own.
   */
  private static DriverRoute routeOf(
      String tenant, String driverId, ZoneState zone, ServiceTimes serviceTimes) {
    List<RouteStop> stops = new ArrayList<>();
    zone.driver(driverId)
        .ifPresent(
            d -> {
              for (LiveRoute.Stop stop : LiveRoute.of(d, zone).stops()) {
                JobState j = stop.job();
                stops.add(
                    new RouteStop(
                        j.job().jobId(),
                        stop.location(),
                        stop.serviceMinutes(serviceTimes, driverId),
                        stop.timeWindows().stream()
                            .map(w -> w.end().toInstant())
                            .max(Instant::compareTo)
                            .orElse(null),
                        j.status() == JobStatus.STARTED,
                        stop.key().pickup()));
              }
            });
    return new DriverRoute(tenant, driverId, stops);
  }
}
