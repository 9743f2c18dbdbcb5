package io.fleetstream.jobs.zones;

import io.fleetstream.jobs.ingest.DeadLetters;
import io.fleetstream.jobs.ingest.ValidateEvents;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.state.DurationSample;
import io.fleetstream.schemas.state.EntityRoute;
import io.fleetstream.schemas.state.JobClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by entity (one job or one driver): remembers the zone each entity was created in, so that
 * status events, which carry no location, reach the same planner key; drops redelivered duplicates
 * by event id.
 */
public final class ZoneRouter extends KeyedProcessFunction<String, CloudEvent, RoutedEvent> {

  private static final long serialVersionUID = 1L;

  /**
   * Versioned: a change of the state type gets a new name and a migration, never a silent reuse.
   */
  static final String ROUTE_STATE = "zone-router-route-v1";

  /** Entities idle this long are forgotten; a status event after that is treated as unknown. */
  static final Duration IDLE_TTL = Duration.ofDays(30);

  /** Observed service durations of completed jobs, for the duration model. */
  public static final OutputTag<DurationSample> SAMPLES =
      new OutputTag<>("duration-samples", SmileTypeInfo.of(DurationSample.class));

  static final String CLOCK_STATE = "zone-router-job-clock-v1";

  /** The job type of jobs created without one. */
  public static final String DEFAULT_JOB_TYPE = JobData.DEFAULT_JOB_TYPE;

  private final Zones zones;
  private transient ValueState<EntityRoute> route;
  private transient ValueState<JobClock> clock;
  private transient Counter duplicates;
  private transient Counter positionsOfUnknownDrivers;

  public ZoneRouter(Zones zones) {
    this.zones = zones;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<EntityRoute> descriptor =
        new ValueStateDescriptor<>(ROUTE_STATE, SmileTypeInfo.of(EntityRoute.class));
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(IDLE_TTL).build());
    route = getRuntimeContext().getState(descriptor);
    ValueStateDescriptor<JobClock> clockDescriptor =
        new ValueStateDescriptor<>(CLOCK_STATE, SmileTypeInfo.of(JobClock.class));
    clockDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(IDLE_TTL).build());
    clock = getRuntimeContext().getState(clockDescriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEventsDropped");
    positionsOfUnknownDrivers =
        getRuntimeContext().getMetricGroup().counter("positionsOfUnknownDrivers");
  }

  @Override
  public void processElement(CloudEvent event, Context ctx, Collector<RoutedEvent> out)
      throws Exception {
    EntityRoute known = route.value();
    if (event.eventType() == EventType.TELEMETRY_PING) {
      // A sampled position goes to the driver's zone; it changes no route here. A driver dispatch
      // does
      // not know (yet) is no error: the tracker has the ping, and the planner has nobody to move.
      if (known != null) {
        out.collect(RoutedEvent.of(event, known.zone()));
      } else {
        positionsOfUnknownDrivers.inc();
      }
      return;
    }
    if (known != null && known.hasSeen(event.id())) {
      duplicates.inc();
      return; // already routed once: processing it again would decide twice
    }
    Optional<String> zone = known != null ? Optional.of(known.zone()) : zones.zoneOf(event);
    if (known == null && !Zones.creates(event)) {
      ctx.output(ValidateEvents.DEAD_LETTERS, unknownEntity(event));
      return;
    }
    EntityRoute updated =
        (known != null ? known : new EntityRoute(zone.orElseThrow(), null)).seen(event.id());
    route.update(updated);
    timeService(event, ctx);
    out.collect(RoutedEvent.of(event, updated.zone()));
  }

  /** Remembers type and start of each job; a completion after a start is one duration sample. */
  private void timeService(CloudEvent event, Context ctx) throws Exception {
    JobClock known = clock.value();
    switch (event.eventType()) {
      case JOB_CREATED, JOB_UPDATED, JOB_CREATED_V2, JOB_UPDATED_V2 -> {
        JobData job = event.data(JobData.class);
        clock.update(
            new JobClock(
                job.jobType() != null ? job.jobType() : DEFAULT_JOB_TYPE,
                job.serviceMinutesOrZero(),
                known != null ? known.startedAt() : null,
                known != null ? known.driverId() : null));
      }
      case DISPATCH_EMERGENCY -> {
        JobData job = event.data(EmergencyDispatchData.class).job();
        clock.update(
            new JobClock(
                job.jobType() != null ? job.jobType() : DEFAULT_JOB_TYPE,
                job.serviceMinutesOrZero(),
                null,
                null));
      }
      case JOB_STARTED -> {
        JobStatusData started = event.data(JobStatusData.class);
        if (known != null) {
          clock.update(
              new JobClock(
                  known.jobType(),
                  known.declaredMinutes(),
                  at(started, event),
                  started.driverId()));
        }
      }
      case JOB_COMPLETED -> {
        JobStatusData done = event.data(JobStatusData.class);
        if (known != null && known.startedAt() != null) {
          Instant finished = at(done, event);
          double minutes = Duration.between(known.startedAt(), finished).toMillis() / 60_000.0;
          String driverId = done.driverId() != null ? done.driverId() : known.driverId();
          if (minutes > 0 && driverId != null) {
            ctx.output(
                SAMPLES,
                new DurationSample(
                    event.tenant(),
                    known.jobType(),
                    driverId,
                    minutes,
                    known.declaredMinutes(),
                    finished));
          }
        }
        clock.clear();
      }
      case JOB_CANCELLED, JOB_FAILED -> clock.clear();
      default -> {}
    }
  }

  private static Instant at(JobStatusData status, CloudEvent event) {
    return status.at() != null ? status.at() : event.time();
  }

  private static CloudEvent unknownEntity(CloudEvent event) {
    String entity = Zones.entityKey(event);
    String path = entity.contains("/job/") ? "/data/job_id" : "/data/driver_id";
    return DeadLetters.of(
        event,
        new Rejection(
            ErrorCode.UNKNOWN_ENTITY,
            path,
            event.type() + " for " + entity + ", which was never created"),
        "route-to-zone");
  }
}
