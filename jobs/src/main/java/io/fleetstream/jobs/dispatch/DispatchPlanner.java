package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.ingest.DeadLetters;
import io.fleetstream.jobs.internal.cache.LruMap;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.jobs.optimize.RoadMap;
import io.fleetstream.jobs.simulate.SimulationInput;
import io.fleetstream.jobs.zones.RoutedEvent;
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
import io.fleetstream.schemas.state.ZonePlanMeta;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
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
  private transient ValueState<ZonePlanMeta> meta;
  private transient ReplanSchedule schedule;

  /**
   * The accounts' policies: on the road network when the job has one, else on straight lines (× 1.3
   * at 30 km/h), with each account's active weights.
   */
  private transient TenantKnowledge knowledge;

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
    schedule = new ReplanSchedule(reoptimization, getRuntimeContext().getMetricGroup());
    knowledge =
        new TenantKnowledge(
            roadMap == null
                ? InsertionPolicy.straightLine()
                : InsertionPolicy.onRoads(roadMap.network()),
            MAX_CACHED_ZONES);
    zoneCache = LruMap.of(MAX_CACHED_ZONES);
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
        TenantKnowledge.serviceTimes(
            routed.event().tenant(), ctx.getBroadcastState(PREDICTIONS_STATE));
    ZoneDispatcher dispatcher =
        new ZoneDispatcher(
            routed.event().tenant(),
            routed.zone(),
            zone,
            Clock.systemUTC(),
            serviceTimes,
            knowledge.policyOf(routed.event().tenant(), ctx.getBroadcastState(WEIGHTS_STATE)));
    ZonePlanMeta plan = planMeta();
    boolean replan = routed.event().eventType() == EventType.DISPATCH_REPLAN;
    if (replan && !schedule.adoptable(routed.event().data(ReplanData.class), plan)) {
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
      ctx.output(
          ROUTES, LiveRoute.driverRoute(routed.event().tenant(), driverId, zone, serviceTimes));
    }
    if (replan) {
      adopted.inc();
      out.collect(ReplanSchedule.adoptedPlan(routed.event()));
      meta.update(ReplanSchedule.adopted(plan));
    } else if (!decisions.isEmpty() || !zone.touchedDrivers.isEmpty() || zone.jobsChanged) {
      meta.update(
          schedule.changed(
              plan.changed(),
              routed.event().tenant(),
              routed.zone(),
              zone,
              ctx.timerService(),
              request -> ctx.output(REOPTIMIZE, request)));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CloudEvent> out)
      throws Exception {
    String[] key = ctx.getCurrentKey().split("/", 2);
    ZonePlanMeta next =
        schedule.fired(
            meta.value(),
            timestamp,
            key[0],
            key[1],
            () -> zoneState(ctx.getCurrentKey()),
            request -> ctx.output(REOPTIMIZE, request));
    if (next != null) {
      meta.update(next);
    }
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
    TenantKnowledge.accept(
        element, ctx.getBroadcastState(PREDICTIONS_STATE), ctx.getBroadcastState(WEIGHTS_STATE));
  }
}
