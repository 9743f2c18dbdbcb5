package io.fleetstream.schemas;

import io.fleetstream.schemas.events.ApiCallData;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DecideData;
import io.fleetstream.schemas.events.DeliveryData;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.DriverStatusData;
import io.fleetstream.schemas.events.DurationModelData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.LockData;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.ReplanData;
import io.fleetstream.schemas.events.ScoringWeightsData;
import io.fleetstream.schemas.events.SimulationRequestData;
import io.fleetstream.schemas.events.SimulationResultData;
import io.fleetstream.schemas.events.SlaData;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.events.WebhookEventData;
import io.fleetstream.schemas.events.WebhookReplayData;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of the contract: its versioned CloudEvents {@code type}, the topic it travels on
 * and the record its {@code data} binds to. A new version of a type is a new constant.
 */
public enum EventType {
  JOB_CREATED("io.fleetstream.job.created.v1", Topic.JOBS, JobData.class),
  JOB_UPDATED("io.fleetstream.job.updated.v1", Topic.JOBS, JobData.class),
  /** Version 2: a job with pickup, demand, payload items or tags ({@link JobData}). */
  JOB_CREATED_V2("io.fleetstream.job.created.v2", Topic.JOBS, JobData.class),
  JOB_UPDATED_V2("io.fleetstream.job.updated.v2", Topic.JOBS, JobData.class),
  JOB_CANCELLED("io.fleetstream.job.cancelled.v1", Topic.JOBS, JobStatusData.class),
  JOB_STARTED("io.fleetstream.job.started.v1", Topic.JOBS, JobStatusData.class),
  JOB_COMPLETED("io.fleetstream.job.completed.v1", Topic.JOBS, JobStatusData.class),
  JOB_FAILED("io.fleetstream.job.failed.v1", Topic.JOBS, JobStatusData.class),

  DRIVER_CREATED("io.fleetstream.driver.created.v1", Topic.DRIVERS, DriverData.class),
  DRIVER_UPDATED("io.fleetstream.driver.updated.v1", Topic.DRIVERS, DriverData.class),
  /** Version 2: a driver with a vehicle or breaks ({@link DriverData}). */
  DRIVER_CREATED_V2("io.fleetstream.driver.created.v2", Topic.DRIVERS, DriverData.class),
  DRIVER_UPDATED_V2("io.fleetstream.driver.updated.v2", Topic.DRIVERS, DriverData.class),
  DRIVER_SHIFT_STARTED(
      "io.fleetstream.driver.shift_started.v1", Topic.DRIVERS, DriverStatusData.class),
  DRIVER_SHIFT_ENDED("io.fleetstream.driver.shift_ended.v1", Topic.DRIVERS, DriverStatusData.class),
  DRIVER_DELETED("io.fleetstream.driver.deleted.v1", Topic.DRIVERS, DriverStatusData.class),

  TELEMETRY_PING("io.fleetstream.telemetry.ping.v1", Topic.TELEMETRY, TelemetryData.class),

  ASSIGNMENT_ASSIGNED(
      "io.fleetstream.assignment.assigned.v1", Topic.ASSIGNMENTS, AssignmentData.class),
  ASSIGNMENT_UNASSIGNED(
      "io.fleetstream.assignment.unassigned.v1", Topic.ASSIGNMENTS, AssignmentData.class),

  OPTIMIZE_REQUESTED(
      "io.fleetstream.optimize.requested.v1", Topic.COMMANDS, OptimizeRequestData.class),
  /** Version 2: its jobs and drivers may be of version 2 (pickups, loads, vehicles). */
  OPTIMIZE_REQUESTED_V2(
      "io.fleetstream.optimize.requested.v2", Topic.COMMANDS, OptimizeRequestData.class),
  DISPATCH_EMERGENCY(
      "io.fleetstream.dispatch.emergency.v1", Topic.COMMANDS, EmergencyDispatchData.class),
  DISPATCH_ASSIGN("io.fleetstream.dispatch.assign.v1", Topic.COMMANDS, ManualAssignData.class),
  DISPATCH_LOCK("io.fleetstream.dispatch.lock.v1", Topic.COMMANDS, LockData.class),
  DISPATCH_UNLOCK("io.fleetstream.dispatch.unlock.v1", Topic.COMMANDS, LockData.class),
  DISPATCH_REPLAN("io.fleetstream.dispatch.replan.v1", Topic.COMMANDS, ReplanData.class),
  DISPATCH_DECIDE("io.fleetstream.dispatch.decide.v1", Topic.COMMANDS, DecideData.class),

  SCORING_WEIGHTS_ACTIVATED(
      "io.fleetstream.scoring.weights_activated.v1", Topic.COMMANDS, ScoringWeightsData.class),

  OPTIMIZE_COMPLETED("io.fleetstream.optimize.completed.v1", Topic.PLANS, PlanData.class),

  ETA_UPDATED("io.fleetstream.eta.updated.v1", Topic.ETA, EtaData.class),

  SLA_AT_RISK("io.fleetstream.sla.at_risk.v1", Topic.SLA, SlaData.class),
  SLA_BREACHED("io.fleetstream.sla.breached.v1", Topic.SLA, SlaData.class),
  SLA_RECOVERED("io.fleetstream.sla.recovered.v1", Topic.SLA, SlaData.class),

  DRIVER_STATE_UPDATED(
      "io.fleetstream.driver_state.updated.v1", Topic.DRIVER_STATE, DriverStateData.class),

  WEBHOOK_EVENT("io.fleetstream.webhook.event.v1", Topic.WEBHOOKS, WebhookEventData.class),

  WEBHOOK_REPLAY_REQUESTED(
      "io.fleetstream.webhook.replay_requested.v1", Topic.WEBHOOKS, WebhookReplayData.class),

  WEBHOOK_ENDPOINT_UPSERTED(
      "io.fleetstream.webhook_endpoint.upserted.v1",
      Topic.WEBHOOK_ENDPOINTS,
      WebhookEndpointData.class),
  WEBHOOK_ENDPOINT_DELETED(
      "io.fleetstream.webhook_endpoint.deleted.v1",
      Topic.WEBHOOK_ENDPOINTS,
      WebhookEndpointData.class),

  DELIVERY_ATTEMPTED("io.fleetstream.delivery.attempted.v1", Topic.DELIVERIES, DeliveryData.class),

  AUDIT_DECISION("io.fleetstream.audit.decision.v1", Topic.AUDIT, AuditDecisionData.class),
  AUDIT_DURATION_MODEL(
      "io.fleetstream.audit.duration_model.v1", Topic.AUDIT, DurationModelData.class),
  AUDIT_API_CALL("io.fleetstream.audit.api_call.v1", Topic.AUDIT, ApiCallData.class),

  SIMULATION_REQUESTED(
      "io.fleetstream.simulation.requested.v1", Topic.SIMULATIONS, SimulationRequestData.class),
  SIMULATION_COMPLETED(
      "io.fleetstream.simulation.completed.v1", Topic.SIMULATIONS, SimulationResultData.class),

  DLQ_REJECTED("io.fleetstream.dlq.rejected.v1", Topic.DLQ, DlqData.class);

  private static final Map<String, EventType> BY_TYPE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

  private final String type;
  private final Topic topic;
  private final Class<? extends EventData> dataClass;

  EventType(String type, Topic topic, Class<? extends EventData> dataClass) {
    this.type = type;
    this.topic = topic;
    this.dataClass = dataClass;
  }

  /** The CloudEvents {@code type} attribute, e.g. {@code io.fleetstream.job.created.v1}. */
  public String type() {
    return type;
  }

  public Topic topic() {
    return topic;
  }

  public Class<? extends EventData> dataClass() {
    return dataClass;
  }

  /**
   * The event that creates ({@code created}) or updates a job: version 1 unless the job uses a
   * field of version 2, so that consumers of version 1 keep reading every job they can understand.
   */
  public static EventType forJob(boolean created, JobData job) {
    if (job.needsVersion2()) {
      return created ? JOB_CREATED_V2 : JOB_UPDATED_V2;
    }
    return created ? JOB_CREATED : JOB_UPDATED;
  }

  /** The optimization request: version 2 when one of its jobs or drivers needs it. */
  public static EventType forOptimization(OptimizeRequestData request) {
    boolean v2 =
        request.jobs().stream().anyMatch(JobData::needsVersion2)
            || request.drivers().stream().anyMatch(DriverData::needsVersion2)
            || (request.options() != null && request.options().needsVersion2());
    return v2 ? OPTIMIZE_REQUESTED_V2 : OPTIMIZE_REQUESTED;
  }

  /** As {@link #forJob}, for drivers. */
  public static EventType forDriver(boolean created, DriverData driver) {
    if (driver.needsVersion2()) {
      return created ? DRIVER_CREATED_V2 : DRIVER_UPDATED_V2;
    }
    return created ? DRIVER_CREATED : DRIVER_UPDATED;
  }

  public static Optional<EventType> of(String type) {
    return Optional.ofNullable(type).map(BY_TYPE::get);
  }
}
