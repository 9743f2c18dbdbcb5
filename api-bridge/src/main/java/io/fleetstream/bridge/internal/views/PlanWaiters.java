package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.PlanData;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests waiting for their plan: a synchronous optimize registers its run id before it writes the
 * command, so the answer cannot arrive unseen; the view consumer completes the wait when the plan
 * with that run id has been folded.
 */
public final class PlanWaiters implements ViewConsumer.Listener {

  private final Map<String, CompletableFuture<PlanData>> waiting = new ConcurrentHashMap<>();

  public CompletableFuture<PlanData> register(String tenant, String runId) {
    return waiting.computeIfAbsent(tenant + "/" + runId, k -> new CompletableFuture<>());
  }

  public void forget(String tenant, String runId) {
    waiting.remove(tenant + "/" + runId);
  }

  @Override
  public void applied(Topic topic, CloudEvent event) {
    if (topic == Topic.PLANS && event.data() instanceof PlanData plan) {
      CompletableFuture<PlanData> f = waiting.remove(event.tenant() + "/" + plan.runId());
      if (f != null) {
        f.complete(plan);
      }
    }
  }
}
