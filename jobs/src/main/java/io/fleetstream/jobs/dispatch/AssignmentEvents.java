package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AuditDecisionData;
import java.time.Instant;

/** Turns decisions into assignment events. */
final class AssignmentEvents {

  static final String SOURCE = "/fleetstream/dispatch-job";

  private AssignmentEvents() {}

  /**
   * The event id is a name-based UUID of the cause, the job and the outcome: a decision replayed
   * after a failure gets the same id, so downstream de-duplication by id works end to end.
   */
  /** The decision-log record that explains {@code decision}, the assignment event it belongs to. */
  static CloudEvent audit(CloudEvent decision, Decision d, String zone, String causeType) {
    AssignmentData a = decision.data(AssignmentData.class);
    AuditDecisionData data =
        new AuditDecisionData(
            decision.id(),
            a.jobId(),
            zone,
            a.causeEventId(),
            causeType,
            a.assigned() ? "assigned" : "unassigned",
            a.driverId(),
            a.unassignedReason(),
            d.weightsVersion() >= InsertionPolicy.WEIGHTS_VERSION
                ? "cheapest-insertion"
                : "nearest-driver",
            d.weightsVersion(),
            d.candidates(),
            d.evaluated(),
            d.service() == null ? null : Math.round(d.service().minutes() * 10) / 10.0,
            d.service() == null ? null : d.service().modelVersion(),
            a.decidedAt());
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        EventIds.derived(decision.id(), "audit"),
        SOURCE,
        EventType.AUDIT_DECISION.type(),
        a.jobId(),
        a.decidedAt(),
        CloudEvent.CONTENT_TYPE,
        decision.tenant(),
        decision.tenant(),
        data);
  }

  /**
   * The decision-log record of a dry run: what the policy would do, outcome {@code proposed} (or
   * {@code unassigned} when nobody could take the job); no assignment event goes with it.
   */
  static CloudEvent proposal(
      String tenant,
      String zone,
      String jobId,
      Decision d,
      String causeEventId,
      String causeType,
      Instant decidedAt) {
    String id = EventIds.derived(causeEventId, jobId, "proposal");
    AuditDecisionData data =
        new AuditDecisionData(
            id,
            jobId,
            zone,
            causeEventId,
            causeType,
            d.assigned() ? "proposed" : "unassigned",
            d.driverId(),
            d.assigned() ? null : d.unassignedReason(),
            d.weightsVersion() >= InsertionPolicy.WEIGHTS_VERSION
                ? "cheapest-insertion"
                : "nearest-driver",
            d.weightsVersion(),
            d.candidates(),
            d.evaluated(),
            d.service() == null ? null : Math.round(d.service().minutes() * 10) / 10.0,
            d.service() == null ? null : d.service().modelVersion(),
            decidedAt);
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        EventIds.derived(id, "audit"),
        SOURCE,
        EventType.AUDIT_DECISION.type(),
        jobId,
        decidedAt,
        CloudEvent.CONTENT_TYPE,
        tenant,
        tenant,
        data);
  }

  static CloudEvent of(
      String tenant,
      String zone,
      String jobId,
      Decision decision,
      String causeEventId,
      Instant decidedAt) {
    EventType type =
        decision.assigned() ? EventType.ASSIGNMENT_ASSIGNED : EventType.ASSIGNMENT_UNASSIGNED;
    String outcome = decision.assigned() ? decision.driverId() : decision.unassignedReason();
    String id = EventIds.derived(causeEventId, jobId, outcome);
    AssignmentData data =
        new AssignmentData(
            jobId,
            decision.driverId(),
            zone,
            decision.assigned() ? decision.rank() : null,
            decision.assigned() ? decision.score() : null,
            decision.reason(),
            decision.weightsVersion(),
            decision.assigned() ? Math.round(decision.distanceM() * 10) / 10.0 : null,
            decision.metric(),
            decision.unassignedReason(),
            decision.candidates(),
            decidedAt,
            causeEventId);
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        id,
        SOURCE,
        type.type(),
        jobId,
        decidedAt,
        CloudEvent.CONTENT_TYPE,
        tenant,
        jobId,
        data);
  }
}
