package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import java.time.Instant;
import java.util.List;

/**
 * An optimization run folded from its request (commands topic) and its result (plans topic).
 *
 * @param status {@code processing}, {@code completed} or {@code failed}
 * @param request the command with its snapshot (kept so a plan run can be booked as it was planned)
 */
public record RunView(
    String tenant,
    String id,
    String mode,
    String status,
    String correlationId,
    List<String> jobIds,
    List<String> driverIds,
    OptimizeOptions options,
    Instant requestedAt,
    PlanData plan,
    OptimizeRequestData request) {

  RunView withPlan(PlanData p) {
    return new RunView(
        tenant,
        id,
        mode == null ? p.mode() : mode,
        p.status(),
        correlationId,
        jobIds,
        driverIds,
        options,
        requestedAt,
        p,
        request);
  }

  RunView withRequest(OptimizeRequestData r) {
    return new RunView(
        tenant,
        id,
        r.mode(),
        status,
        r.correlationId(),
        r.jobs().stream().map(j -> j.jobId()).toList(),
        r.drivers().stream().map(d -> d.driverId()).toList(),
        r.options(),
        r.requestedAt(),
        plan,
        r);
  }

  public boolean done() {
    return plan != null;
  }
}
