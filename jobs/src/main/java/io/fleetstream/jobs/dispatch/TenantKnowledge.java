package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.internal.cache.LruMap;
import io.fleetstream.jobs.zones.ZoneRouter;
import io.fleetstream.schemas.events.ScoringWeightsData;
import io.fleetstream.schemas.state.DurationPrediction;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * What the planner learns per account from the broadcast side — the active scoring weights and the
 * learned service durations — and the policy and service times a decision uses from them.
 */
final class TenantKnowledge {

  private final InsertionPolicy base;

  /** Each account's policy with its learned weights, built once per version. */
  private final Map<String, InsertionPolicy> tenantPolicies;

  /**
   * @param base the policy with the built-in weights
   * @param maxTenants accounts whose policy is kept built (the least recently used is dropped)
   */
  TenantKnowledge(InsertionPolicy base, int maxTenants) {
    this.base = base;
    this.tenantPolicies = LruMap.of(maxTenants);
  }

  /** Keeps a broadcast prediction or weights activation. */
  static void accept(
      PlannerBroadcast element,
      BroadcastState<String, DurationPrediction> predictions,
      BroadcastState<String, ScoringWeightsData> weights)
      throws Exception {
    if (element.prediction() != null) {
      DurationPrediction prediction = element.prediction();
      predictions.put(prediction.key(), prediction);
    } else if (element.weights() != null) {
      // The latest activation wins, whatever its version: activating an older version rolls back.
      ScoringWeightsData current = weights.get(element.tenant());
      if (current == null || !element.weights().activatedAt().isBefore(current.activatedAt())) {
        weights.put(element.tenant(), element.weights());
      }
    }
  }

  /** The policy with the account's active weights; the built-in ones when it has none. */
  InsertionPolicy policyOf(
      String tenant, ReadOnlyBroadcastState<String, ScoringWeightsData> weights) {
    ScoringWeightsData active = CachedZoneState.call(() -> weights.get(tenant));
    if (active == null) {
      return base;
    }
    InsertionPolicy cached = tenantPolicies.get(tenant);
    if (cached == null || cached.weightsVersion() != active.version()) {
      cached = base.withWeights(active);
      tenantPolicies.put(tenant, cached);
    }
    return cached;
  }

  /**
   * The driver's own learned duration, else the job type's, else what the job declares; a job that
   * declares its duration is predicted as that declaration times the learned actual / declared.
   */
  static ServiceTimes serviceTimes(
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
          ? new ServiceTimes.Estimate(p.minutesFor(job.serviceMinutesOrZero()), p.version())
          : new ServiceTimes.Estimate(job.serviceMinutesOrZero(), null);
    };
  }
}
