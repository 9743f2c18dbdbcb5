package io.fleetstream.jobs.sla;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.SlaData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.state.SlaState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code tenant/job}. Takes the job's lifecycle, its assignment decisions and its ETAs,
 * and publishes {@code sla.at_risk} when the predicted finish passes the window end minus the
 * margin, {@code sla.recovered} when it comes back, and {@code sla.breached} from an event-time
 * timer at the window end if the job is not done by then. A job without a time window has no SLA.
 */
public final class SlaWatcher extends KeyedProcessFunction<String, CloudEvent, CloudEvent> {

  private static final long serialVersionUID = 1L;
  static final String SOURCE = "/fleetstream/dispatch-job";

  private final Duration margin;
  private transient ValueState<SlaState> sla;
  private transient Counter atRiskCount;
  private transient Counter breachedCount;
  private transient Counter recoveredCount;

  public SlaWatcher(Duration margin) {
    this.margin = margin;
  }

  @Override
  public void open(OpenContext openContext) {
    sla =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("sla-watcher-job-v1", SmileTypeInfo.of(SlaState.class)));
    atRiskCount = getRuntimeContext().getMetricGroup().counter("slaAtRisk");
    breachedCount = getRuntimeContext().getMetricGroup().counter("slaBreached");
    recoveredCount = getRuntimeContext().getMetricGroup().counter("slaRecovered");
  }

  @Override
  public void processElement(CloudEvent event, Context ctx, Collector<CloudEvent> out)
      throws Exception {
    SlaState state = sla.value();
    switch (event.eventType()) {
      case JOB_CREATED, JOB_UPDATED, JOB_CREATED_V2, JOB_UPDATED_V2 ->
          track(event.data(JobData.class), event, state, ctx, out);
      case DISPATCH_EMERGENCY ->
          track(event.data(EmergencyDispatchData.class).job(), event, state, ctx, out);
      case JOB_COMPLETED, JOB_CANCELLED, JOB_FAILED -> {
        if (state != null) {
          if (state.windowEnd() != null) {
            ctx.timerService().deleteEventTimeTimer(state.windowEnd().toEpochMilli());
          }
          sla.clear();
        }
      }
      case ASSIGNMENT_ASSIGNED -> {
        String driver = event.data(AssignmentData.class).driverId();
        // The decision can reach this operator before the job's creation does (they come by
        // different paths through the job): remember the driver until the window is known.
        sla.update(
            state == null || state.windowEnd() == null
                ? SlaState.awaitingJob(driver)
                : state.with(driver, state.status(), state.predictedFinish()));
      }
      case ASSIGNMENT_UNASSIGNED -> {
        if (state == null || state.windowEnd() == null) {
          // Before the job's creation, like an assignment can be: kept until its window is known
          // (dropping it lost the job's risk whenever the decision won the race).
          sla.update(SlaState.awaitingJobUnassigned(eventTime(event, ctx)));
        } else {
          // Nobody has it: at best it starts now, so it finishes a service time from now.
          Instant earliest =
              eventTime(event, ctx).plusMillis(Math.round(state.serviceMinutes() * 60_000));
          evaluate(state.with(null, state.status(), earliest), "unassigned", event, ctx, out);
        }
      }
      case ETA_UPDATED -> {
        EtaData eta = event.data(EtaData.class);
        if (state != null
            && state.windowEnd() != null
            && state.driverId() != null
            && state.driverId().equals(eta.driverId())) {
          evaluate(
              state.with(state.driverId(), state.status(), eta.predictedFinish()),
              "eta",
              event,
              ctx,
              out);
        }
      }
      default -> {}
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CloudEvent> out)
      throws Exception {
    SlaState state = sla.value();
    if (state == null
        || state.windowEnd() == null
        || state.windowEnd().toEpochMilli() != timestamp
        || SlaState.BREACHED.equals(state.status())) {
      return;
    }
    sla.update(state.with(state.driverId(), SlaState.BREACHED, state.predictedFinish()));
    breachedCount.inc();
    String[] key = ctx.getCurrentKey().split("/", 2);
    out.collect(
        slaEvent(
            EventType.SLA_BREACHED,
            key[0],
            key[1],
            state,
            0,
            "window_passed",
            "breach@" + timestamp,
            state.windowEnd()));
  }

  private void track(
      JobData job, CloudEvent event, SlaState state, Context ctx, Collector<CloudEvent> out)
      throws Exception {
    Instant windowEnd =
        job.timeWindows().stream()
            .map(TimeWindow::end)
            .map(t -> t.toInstant())
            .max(Instant::compareTo)
            .orElse(null);
    if (state != null
        && state.windowEnd() != null
        && !Objects.equals(state.windowEnd(), windowEnd)) {
      ctx.timerService().deleteEventTimeTimer(state.windowEnd().toEpochMilli());
    }
    if (windowEnd == null) {
      sla.clear();
      return;
    }
    SlaState next;
    String cause = "eta";
    if (state == null) {
      next = new SlaState(windowEnd, job.serviceMinutesOrZero(), null, SlaState.OK, null);
    } else if (state.unassignedBeforeJob()) {
      // Nobody had it when it was decided: at best it started then.
      Instant earliest =
          state.predictedFinish().plusMillis(Math.round(job.serviceMinutesOrZero() * 60_000));
      next = new SlaState(windowEnd, job.serviceMinutesOrZero(), null, SlaState.OK, earliest);
      cause = "unassigned";
    } else {
      next =
          new SlaState(
              windowEnd,
              job.serviceMinutesOrZero(),
              state.driverId(),
              state.status(),
              state.predictedFinish());
    }
    ctx.timerService().registerEventTimeTimer(windowEnd.toEpochMilli());
    if (next.predictedFinish() != null) {
      evaluate(next, cause, event, ctx, out);
    } else {
      sla.update(next);
    }
  }

  /** Publishes a change of risk; the same risk twice is not news. */
  private void evaluate(
      SlaState state, String cause, CloudEvent trigger, Context ctx, Collector<CloudEvent> out)
      throws Exception {
    if (SlaState.BREACHED.equals(state.status())) {
      sla.update(state);
      return;
    }
    double latenessS =
        Duration.between(state.windowEnd(), state.predictedFinish()).toMillis() / 1000.0;
    boolean atRisk = state.predictedFinish().isAfter(state.windowEnd().minus(margin));
    String[] key = ctx.getCurrentKey().split("/", 2);
    Instant now = eventTime(trigger, ctx);
    if (atRisk && SlaState.OK.equals(state.status())) {
      state = state.with(state.driverId(), SlaState.AT_RISK, state.predictedFinish());
      atRiskCount.inc();
      out.collect(
          slaEvent(
              EventType.SLA_AT_RISK, key[0], key[1], state, latenessS, cause, trigger.id(), now));
    } else if (!atRisk && SlaState.AT_RISK.equals(state.status())) {
      state = state.with(state.driverId(), SlaState.OK, state.predictedFinish());
      recoveredCount.inc();
      out.collect(
          slaEvent(
              EventType.SLA_RECOVERED, key[0], key[1], state, latenessS, cause, trigger.id(), now));
    }
    sla.update(state);
  }

  private static Instant eventTime(CloudEvent event, Context ctx) {
    Long ts = ctx.timestamp();
    return event.time() != null
        ? event.time()
        : ts != null ? Instant.ofEpochMilli(ts) : Instant.now();
  }

  private CloudEvent slaEvent(
      EventType type,
      String tenant,
      String jobId,
      SlaState state,
      double latenessS,
      String cause,
      String causeId,
      Instant detectedAt) {
    SlaData data =
        new SlaData(
            jobId,
            state.driverId(),
            state.windowEnd(),
            state.predictedFinish() == null
                ? null
                : state.predictedFinish().truncatedTo(ChronoUnit.SECONDS),
            Math.round(latenessS),
            cause,
            margin.toSeconds(),
            detectedAt.truncatedTo(ChronoUnit.MILLIS));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        EventIds.derived(causeId, jobId, type.type()),
        SOURCE,
        type.type(),
        jobId,
        now,
        CloudEvent.CONTENT_TYPE,
        tenant,
        jobId,
        data);
  }
}
