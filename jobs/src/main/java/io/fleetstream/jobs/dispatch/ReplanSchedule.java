package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.jobs.optimize.ReoptimizeRequest;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.ReplanData;
import io.fleetstream.schemas.state.ZonePlanMeta;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;

/**
 * When a zone's plan is re-solved and whether a re-solved plan is taken: the planner's
 * re-optimization rules, apart from its decisions. Holds no state of its own; the zone's {@link
 * ZonePlanMeta} is the planner's keyed state and each method returns its next value.
 */
final class ReplanSchedule {

  private final DispatchJobConfig.Reoptimization reoptimization;
  private final Counter stale;
  private final Counter belowHysteresis;

  ReplanSchedule(DispatchJobConfig.Reoptimization reoptimization, MetricGroup metrics) {
    this.reoptimization = reoptimization;
    this.stale = metrics.counter("replansStale");
    this.belowHysteresis = metrics.counter("replansBelowHysteresis");
  }

  /**
   * The version must still match (nothing changed since the solve) and the saving must beat the
   * hysteresis.
   */
  boolean adoptable(ReplanData replan, ZonePlanMeta plan) {
    if (replan.planVersion() != plan.version()) {
      stale.inc();
      return false;
    }
    if (replan.improvement() < reoptimization.hysteresis()) {
      belowHysteresis.inc();
      return false;
    }
    return true;
  }

  /**
   * After a change in the zone: re-solve now after enough changes, else within the configured time
   * of the first one; but never sooner after the last request than one solve and its rest take
   * (time limit / cpu share): a request made sooner would only wait for the solver, and building it
   * reads the whole zone.
   */
  ZonePlanMeta changed(
      ZonePlanMeta plan,
      String tenant,
      String zoneName,
      ZoneState zone,
      TimerService timers,
      Consumer<ReoptimizeRequest> request) {
    long now = timers.currentProcessingTime();
    if (plan.changes() >= reoptimization.afterChanges()) {
      long earliest = plan.requestedAt() == null ? now : plan.requestedAt() + minInterval();
      if (earliest <= now) {
        if (plan.timerAt() != null) {
          timers.deleteProcessingTimeTimer(plan.timerAt());
        }
        request.accept(ReplanRequests.of(tenant, zoneName, plan, zone));
        return plan.requested(now);
      }
      if (plan.timerAt() == null || plan.timerAt() > earliest) {
        if (plan.timerAt() != null) {
          timers.deleteProcessingTimeTimer(plan.timerAt());
        }
        timers.registerProcessingTimeTimer(earliest);
        return plan.withTimer(earliest);
      }
      return plan;
    }
    if (plan.timerAt() == null) {
      long at = now + reoptimization.after().toMillis();
      timers.registerProcessingTimeTimer(at);
      return plan.withTimer(at);
    }
    return plan;
  }

  /**
   * The zone's timer fired at {@code timestamp}: a request when something changed since the last;
   * null when the timer is not the zone's current one (nothing to change). The zone is read only
   * for a request.
   */
  ZonePlanMeta fired(
      ZonePlanMeta plan,
      long timestamp,
      String tenant,
      String zoneName,
      Supplier<ZoneState> zone,
      Consumer<ReoptimizeRequest> request) {
    if (plan == null || plan.timerAt() == null || plan.timerAt() != timestamp) {
      return null;
    }
    if (plan.changes() > 0) {
      request.accept(ReplanRequests.of(tenant, zoneName, plan, zone.get()));
      return plan.requested(timestamp);
    }
    return plan.withTimer(null);
  }

  /** The bookkeeping after a plan was adopted: a fresh plan, nothing to re-solve yet. */
  static ZonePlanMeta adopted(ZonePlanMeta plan) {
    return new ZonePlanMeta(plan.version() + 1, 0, plan.timerAt(), plan.requestedAt());
  }

  /** The adopted plan, published on the plans topic as the replan carried it. */
  static CloudEvent adoptedPlan(CloudEvent replanEvent) {
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

  private long minInterval() {
    return Math.round(reoptimization.timeLimit().toMillis() / reoptimization.cpuShare());
  }
}
