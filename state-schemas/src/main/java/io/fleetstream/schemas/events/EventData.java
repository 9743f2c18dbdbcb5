package io.fleetstream.schemas.events;

/** The {@code data} of a CloudEvent; which record it is follows from the event's {@code type}. */
public sealed interface EventData
    permits JobData,
        JobStatusData,
        DriverData,
        DriverStatusData,
        TelemetryData,
        AssignmentData,
        DlqData,
        OptimizeRequestData,
        PlanData,
        EtaData,
        SlaData,
        DriverStateData,
        WebhookEventData,
        WebhookReplayData,
        WebhookEndpointData,
        DeliveryData,
        EmergencyDispatchData,
        ManualAssignData,
        LockData,
        AuditDecisionData,
        DurationModelData,
        ApiCallData,
        DecideData,
        ReplanData {}
