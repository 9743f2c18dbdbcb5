package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.PlanData;

/** Synchronous optimizations waiting for their plan, by run id. */
public final class PlanWaiters extends Waiters<PlanData> {

  public PlanWaiters() {
    super(Topic.PLANS, PlanData.class, PlanData::runId);
  }
}
