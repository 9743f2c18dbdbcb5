package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.ingest.DeadLetters;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.jobs.zones.RoutedEvent;
import io.fleetstream.jobs.zones.ZoneRouter;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.DurationPrediction;
import io.fleetstream.schemas.state.DriverState;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import io.fleetstream.schemas.state.RouteStop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by {@code tenant/zone}: keeps the zone's open jobs and drivers and publishes each decision.
 * The duration model's predictions arrive broadcast to every planner instance.
 */
public final class DispatchPlanner extends KeyedBroadcastProcessFunction<String, RoutedEvent, DurationPrediction, CloudEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DispatchPlanner.class);

  /** The open stops of every driver whose stops changed, for the tracker. */
  public static final OutputTag<DriverRoute> ROUTES = new OutputTag<>("driver-routes", SmileTypeInfo.of(DriverRoute.class));

  /** Learned service durations by {@code tenant/jobType/driver} (or {@code /*} for all drivers). */
  public static final MapStateDescriptor<String, DurationPrediction> PREDICTIONS_STATE =
      new MapStateDescriptor<>("duration-predictions-v1", Types.STRING, SmileTypeInfo.of(DurationPrediction.class));

  static final String JOBS_STATE = "dispatch-planner-jobs-v1";
  static final String DRIVERS_STATE = "dispatch-planner-drivers-v1";

  private transient MapState<String, JobState> jobs;
  private transient MapState<String, DriverState> drivers;
  private transient Counter assigned;
  private transient Counter unassigned;
  private transient Counter failed;

  @Override
  public void open(OpenContext openContext) {
    jobs = getRuntimeContext().getMapState(new MapStateDescriptor<>(JOBS_STATE, Types.STRING, SmileTypeInfo.of(JobState.class)));
    drivers = getRuntimeContext().getMapState(
        new MapStateDescriptor<>(DRIVERS_STATE, Types.STRING, SmileTypeInfo.of(DriverState.class)));
    assigned = getRuntimeContext().getMetricGroup().counter("jobsAssigned");
    unassigned = getRuntimeContext().getMetricGroup().counter("jobsUnassigned");
    failed = getRuntimeContext().getMetricGroup().counter("eventsFailed");
  }

  @Override
  public void processElement(RoutedEvent routed, ReadOnlyContext ctx, Collector<CloudEvent> out) {
    FlinkZoneState zone = new FlinkZoneState();
    ServiceTimes serviceTimes = learned(routed.event().tenant(), ctx.getBroadcastState(PREDICTIONS_STATE));
    ZoneDispatcher dispatcher = new ZoneDispatcher(routed.event().tenant(), routed.zone(), zone, Clock.systemUTC(), serviceTimes);
    List<CloudEvent> decisions;
    try {
      decisions = dispatcher.apply(routed.event());
    } catch (RuntimeException fault) {
      // A bug must not turn one record into a restart loop: keep the record, say what happened.
      LOG.error("cannot apply {} {} in zone {}", routed.event().type(), routed.event().id(), routed.zoneKey(), fault);
      failed.inc();
      out.collect(DeadLetters.of(routed.event(), new Rejection(ErrorCode.PROCESSING_FAILED, "", fault.toString()),
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
  }

  @Override
  public void processBroadcastElement(DurationPrediction prediction, Context ctx, Collector<CloudEvent> out) throws Exception {
    ctx.getBroadcastState(PREDICTIONS_STATE).put(prediction.key(), prediction);
  }

  /** The driver's own learned duration, else the job type's, else what the job declares. */
  private static ServiceTimes learned(String tenant, ReadOnlyBroadcastState<String, DurationPrediction> predictions) {
    return (job, driverId) -> {
      String jobType = job.jobType() != null ? job.jobType() : ZoneRouter.DEFAULT_JOB_TYPE;
      DurationPrediction p = call(() -> predictions.get(DurationPrediction.key(tenant, jobType, driverId)));
      if (p == null) {
        p = call(() -> predictions.get(DurationPrediction.key(tenant, jobType, null)));
      }
      return p != null ? new ServiceTimes.Estimate(p.minutes(), p.version())
          : new ServiceTimes.Estimate(job.serviceMinutesOrZero(), null);
    };
  }

  /** The driver's open jobs in the order they were given, started ones included. */
  private static DriverRoute routeOf(String tenant, String driverId, ZoneState zone, ServiceTimes serviceTimes) {
    List<RouteStop> stops = new ArrayList<>();
    zone.driver(driverId).ifPresent(d -> {
      for (String jobId : d.jobIds()) {
        zone.job(jobId).ifPresent(j -> stops.add(new RouteStop(jobId, j.job().location(),
            serviceTimes.estimate(j.job(), driverId).minutes(),
            j.job().timeWindows().stream().map(w -> w.end().toInstant()).max(Instant::compareTo).orElse(null),
            j.status() == JobStatus.STARTED)));
      }
    });
    return new DriverRoute(tenant, driverId, stops);
  }

  /** Keyed MapState seen through the dispatcher's interface; Flink's checked exceptions become unchecked. */
  private final class FlinkZoneState implements ZoneState {

    /** Drivers whose job list or data changed during this event: their route goes to the tracker. */
    final Set<String> touchedDrivers = new LinkedHashSet<>();

    @Override
    public Optional<JobState> job(String jobId) {
      return Optional.ofNullable(call(() -> jobs.get(jobId)));
    }

    @Override
    public void putJob(String jobId, JobState job) {
      if (job.driverId() != null) {
        touchedDrivers.add(job.driverId());
      }
      run(() -> jobs.put(jobId, job));
    }

    @Override
    public void removeJob(String jobId) {
      run(() -> jobs.remove(jobId));
    }

    @Override
    public List<JobState> jobs() {
      return values(call(jobs::entries));
    }

    @Override
    public Optional<DriverState> driver(String driverId) {
      return Optional.ofNullable(call(() -> drivers.get(driverId)));
    }

    @Override
    public void putDriver(String driverId, DriverState driver) {
      touchedDrivers.add(driverId);
      run(() -> drivers.put(driverId, driver));
    }

    @Override
    public void removeDriver(String driverId) {
      touchedDrivers.add(driverId);
      run(() -> drivers.remove(driverId));
    }

    @Override
    public List<DriverState> drivers() {
      return values(call(drivers::entries));
    }

    private <V> List<V> values(Iterable<Map.Entry<String, V>> entries) {
      List<V> list = new ArrayList<>();
      for (Map.Entry<String, V> e : entries) {
        list.add(e.getValue());
      }
      return list;
    }
  }

  private interface StateCall<T> {
    T call() throws Exception;
  }

  private interface StateRun {
    void run() throws Exception;
  }

  private static <T> T call(StateCall<T> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("state access failed", e);
    }
  }

  private static void run(StateRun run) {
    call(() -> {
      run.run();
      return null;
    });
  }
}
