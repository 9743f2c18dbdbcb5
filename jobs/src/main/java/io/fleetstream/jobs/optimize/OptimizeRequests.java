package io.fleetstream.jobs.optimize;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Answers every optimization request on the plans topic. The route optimizer arrives with the
 * routing engine (issue #4); until then each request is answered at once with {@code status:
 * failed} and a message saying so, so a waiting caller gets an honest answer instead of a timeout.
 */
public final class OptimizeRequests implements MapFunction<CloudEvent, CloudEvent> {

  private static final long serialVersionUID = 1L;
  static final String SOURCE = "/fleetstream/dispatch-job";
  static final String NOT_AVAILABLE = "route optimization is not available in this version of Fleetstream yet";

  @Override
  public CloudEvent map(CloudEvent request) {
    OptimizeRequestData r = request.data(OptimizeRequestData.class);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String objective = r.options() != null && r.options().objective() != null ? r.options().objective() : "min_duration";
    PlanData plan = new PlanData(r.runId(), r.correlationId(), "failed", r.mode(), objective, null, null, null, null, null,
        null, r.options() != null ? r.options().seed() : null, 0L, NOT_AVAILABLE, now);
    return new CloudEvent(CloudEvent.SPEC_VERSION, EventIds.derived(request.id(), "plan"), SOURCE,
        EventType.OPTIMIZE_COMPLETED.type(), r.runId(), now, CloudEvent.CONTENT_TYPE, request.tenant(), r.runId(), plan);
  }
}
