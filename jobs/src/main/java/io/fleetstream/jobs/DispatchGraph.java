package io.fleetstream.jobs;

import io.fleetstream.connectors.flink.FleetstreamKafka;
import io.fleetstream.connectors.kafka.OutboundRecord;
import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.jobs.dispatch.DispatchPlanner;
import io.fleetstream.jobs.dispatch.PlannerBroadcast;
import io.fleetstream.jobs.durations.DurationModel;
import io.fleetstream.jobs.ingest.ValidateEvents;
import io.fleetstream.jobs.internal.serde.CloudEventTypeInfo;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.jobs.notify.WebhookEvents;
import io.fleetstream.jobs.sla.SlaKeys;
import io.fleetstream.jobs.sla.SlaWatcher;
import io.fleetstream.jobs.time.LiveWatermarks;
import io.fleetstream.jobs.tracking.DriverTracker;
import io.fleetstream.jobs.tracking.DriverTrackerOperator;
import io.fleetstream.jobs.tracking.PositionReader;
import io.fleetstream.jobs.tracking.PositionSampler;
import io.fleetstream.jobs.tracking.RoadTravel;
import io.fleetstream.jobs.tracking.StraightLineTravel;
import io.fleetstream.jobs.tracking.TravelEstimator;
import io.fleetstream.jobs.zones.RoutedEvent;
import io.fleetstream.jobs.zones.ZoneRouter;
import io.fleetstream.jobs.zones.Zones;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.ReplanData;
import io.fleetstream.schemas.events.ScoringWeightsData;
import io.fleetstream.schemas.events.SimulationRequestData;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.DurationSample;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The dispatch job's operator graph, stage by stage (see {@link DispatchJob} for the picture): each
 * method adds one named stage, with a stable uid per operator, and returns its output.
 */
final class DispatchGraph {

  private static final TypeInformation<CloudEvent> EVENTS = CloudEventTypeInfo.INSTANCE;
  private static final TypeInformation<String> KEYS = TypeInformation.of(String.class);
  private static final TypeInformation<OutboundRecord> RECORDS = FleetstreamKafka.OUTBOUND_RECORDS;

  private final Source<RawRecord, ?, ?> inputs;
  private final Source<RawRecord, ?, ?> telemetry;
  private final Source<RawRecord, ?, ?> positions;
  private final Sink<OutboundRecord> outputs;
  private final Sink<OutboundRecord> trackerOutputs;
  private final DispatchJobConfig config;

  DispatchGraph(
      Source<RawRecord, ?, ?> inputs,
      Source<RawRecord, ?, ?> telemetry,
      Source<RawRecord, ?, ?> positions,
      Sink<OutboundRecord> outputs,
      Sink<OutboundRecord> trackerOutputs,
      DispatchJobConfig config) {
    this.inputs = inputs;
    this.telemetry = telemetry;
    this.positions = positions;
    this.outputs = outputs;
    this.trackerOutputs = trackerOutputs;
    this.config = config;
  }

  /** Adds the operator graph to {@code env}: the stages below, in the order events flow. */
  void addTo(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<CloudEvent> jobsAndDrivers =
        validated(
            env,
            inputs,
            "jobs-drivers",
            "jobs, drivers and commands",
            "validate jobs, drivers and commands");
    SingleOutputStreamOperator<CloudEvent> pings =
        telemetry == null
            ? null
            : validated(env, telemetry, "telemetry", "telemetry", "validate telemetry");
    SingleOutputStreamOperator<CloudEvent> plans =
        SolverStages.optimizationRuns(jobsAndDrivers, config);
    SingleOutputStreamOperator<RoutedEvent> routed =
        routeToZones(jobsAndDrivers, positions(env, pings));
    SingleOutputStreamOperator<CloudEvent> durationLog = durationModel(routed);
    SingleOutputStreamOperator<CloudEvent> decisions = planner(jobsAndDrivers, routed, durationLog);
    SingleOutputStreamOperator<CloudEvent> proposals =
        SolverStages.reoptimization(decisions, config);
    SingleOutputStreamOperator<CloudEvent> simulations =
        SolverStages.simulations(decisions, config);

    DataStream<CloudEvent> jobEvents =
        jobsAndDrivers
            .filter(
                e ->
                    e.eventType().topic() == Topic.JOBS
                        || e.eventType() == EventType.DISPATCH_EMERGENCY)
            .uid("job-events")
            .name("job events");
    DataStream<CloudEvent> assignments =
        decisions
            .filter(
                e ->
                    e.eventType() == EventType.ASSIGNMENT_ASSIGNED
                        || e.eventType() == EventType.ASSIGNMENT_UNASSIGNED)
            .uid("assignments")
            .name("assignments");
    DataStream<CloudEvent> deadLetters =
        jobsAndDrivers
            .getSideOutput(ValidateEvents.DEAD_LETTERS)
            .union(routed.getSideOutput(ValidateEvents.DEAD_LETTERS));
    DataStream<CloudEvent> slaInputs = jobEvents.union(assignments);
    DataStream<OutboundRecord> trackerRecords = null;
    if (pings != null) {
      SingleOutputStreamOperator<CloudEvent> tracked = tracker(pings, decisions);
      deadLetters = deadLetters.union(pings.getSideOutput(ValidateEvents.DEAD_LETTERS));
      slaInputs =
          slaInputs.union(
              tracked.filter(e -> e.eventType() == EventType.ETA_UPDATED).uid("etas").name("ETAs"));
      // Serialized where they are made (chained to the tracker): the tracker's outputs are one per
      // ping, and sending them to the shared serializer first cost a second (de)serialization each.
      trackerRecords =
          tracked
              .map(OutboundRecord::of, RECORDS)
              .uid("serialize-tracker-outputs")
              .name("serialize tracker outputs");
    }
    SingleOutputStreamOperator<CloudEvent> slaRisk =
        slaInputs
            .keyBy(SlaKeys::of, KEYS)
            .process(new SlaWatcher(config.sla().margin()), EVENTS)
            .uid("sla-watcher")
            .name("SLA watcher");
    SingleOutputStreamOperator<CloudEvent> webhooks =
        assignments
            .union(slaRisk, jobEvents, plans)
            .flatMap(new WebhookEvents(), EVENTS)
            .uid("webhook-events")
            .name("webhook events");

    DataStream<OutboundRecord> serialized =
        decisions
            .union(plans, durationLog, proposals, simulations, slaRisk, webhooks, deadLetters)
            .map(OutboundRecord::of, RECORDS)
            .uid("serialize-outputs")
            .name("serialize outputs");
    if (trackerRecords != null && trackerOutputs != null) {
      // chained to the tracker: see DispatchJob.Builder#trackerOutputs
      trackerRecords.sinkTo(trackerOutputs).uid("tracker-outputs").name("tracker outputs");
    } else if (trackerRecords != null) {
      serialized = serialized.union(trackerRecords);
    }
    serialized.sinkTo(outputs).uid("outputs").name("outputs");
  }

  /** A source read and validated; what fails validation goes to the dead-letter side output. */
  private SingleOutputStreamOperator<CloudEvent> validated(
      StreamExecutionEnvironment env,
      Source<RawRecord, ?, ?> source,
      String id,
      String sourceName,
      String name) {
    return env.fromSource(source, watermarks(), sourceName)
        .uid("source-" + id)
        .process(new ValidateEvents("validate-" + id), EVENTS)
        .uid("validate-" + id)
        .name(name);
  }

  /**
   * The sample of the pings that tells the planner where drivers are: from the planner's own
   * telemetry reader (see {@link DispatchJob.Builder#positions}), or from the tracker's pings
   * without one.
   */
  private DataStream<CloudEvent> positions(
      StreamExecutionEnvironment env, DataStream<CloudEvent> pings) {
    if (pings == null) {
      return null;
    }
    if (positions == null) {
      return pings
          .filter(new PositionSampler(config.tracking()))
          .uid("sample-positions")
          .name("sample driver positions");
    }
    return env.fromSource(positions, watermarks(), "telemetry (positions)")
        .uid("source-positions")
        .process(new PositionReader(config.tracking()), EVENTS)
        .uid("read-positions")
        .name("read driver positions");
  }

  /** Jobs, drivers, commands and a sample of the pings, each tagged with its zone. */
  private SingleOutputStreamOperator<RoutedEvent> routeToZones(
      DataStream<CloudEvent> jobsAndDrivers, DataStream<CloudEvent> positions) {
    DataStream<CloudEvent> dispatchInput =
        jobsAndDrivers
            .filter(
                e ->
                    e.eventType() != EventType.OPTIMIZE_REQUESTED
                        && e.eventType() != EventType.OPTIMIZE_REQUESTED_V2
                        && e.eventType() != EventType.DISPATCH_REPLAN
                        && e.eventType() != EventType.SCORING_WEIGHTS_ACTIVATED
                        // what-ifs and their answers: see planner()
                        && e.eventType().topic() != Topic.SIMULATIONS)
            .uid("dispatch-input")
            .name("dispatch input");
    if (positions != null) {
      // Decisions start routes where drivers are: a sample of the pings reaches the planner.
      dispatchInput = dispatchInput.union(positions);
    }
    return dispatchInput
        .keyBy(Zones::entityKey, KEYS)
        .process(
            new ZoneRouter(new Zones(config.geohashPrecision())),
            SmileTypeInfo.of(RoutedEvent.class))
        .uid("route-to-zone")
        .name("route to zone");
  }

  /** Learns service durations from completed jobs; its predictions go out on a side output. */
  private static SingleOutputStreamOperator<CloudEvent> durationModel(
      SingleOutputStreamOperator<RoutedEvent> routed) {
    return routed
        .getSideOutput(ZoneRouter.SAMPLES)
        .keyBy(DurationSample::key, KEYS)
        .process(new DurationModel(), EVENTS)
        .uid("duration-model")
        .name("duration model");
  }

  /** The planner per zone: decisions, routes for the tracker, re-plan requests. */
  private SingleOutputStreamOperator<CloudEvent> planner(
      DataStream<CloudEvent> jobsAndDrivers,
      DataStream<RoutedEvent> routed,
      SingleOutputStreamOperator<CloudEvent> durationLog) {
    // Learned durations and each account's activated scoring weights reach every planner.
    BroadcastStream<PlannerBroadcast> broadcasts =
        durationLog
            .getSideOutput(DurationModel.PREDICTIONS)
            .map(PlannerBroadcast::of, SmileTypeInfo.of(PlannerBroadcast.class))
            .uid("predictions-to-planners")
            .name("predictions to planners")
            .union(
                jobsAndDrivers
                    .filter(e -> e.eventType() == EventType.SCORING_WEIGHTS_ACTIVATED)
                    .uid("scoring-weights")
                    .name("scoring weights")
                    .map(
                        e -> PlannerBroadcast.of(e.tenant(), e.data(ScoringWeightsData.class)),
                        SmileTypeInfo.of(PlannerBroadcast.class))
                    .uid("weights-to-planners")
                    .name("weights to planners"))
            .broadcast(DispatchPlanner.PREDICTIONS_STATE, DispatchPlanner.WEIGHTS_STATE);
    // Re-optimized plans come back through the commands topic and go straight to their zone.
    DataStream<RoutedEvent> replans =
        jobsAndDrivers
            .filter(e -> e.eventType() == EventType.DISPATCH_REPLAN)
            .uid("replans")
            .name("replans")
            .map(
                e -> RoutedEvent.of(e, e.data(ReplanData.class).zone()),
                SmileTypeInfo.of(RoutedEvent.class))
            .uid("replans-to-zone")
            .name("replans to zone");
    // What-ifs name their zone; they reach its planner without passing the router, whose state
    // they must not touch.
    DataStream<RoutedEvent> whatIfs =
        jobsAndDrivers
            .filter(e -> e.eventType() == EventType.SIMULATION_REQUESTED)
            .uid("simulation-requests")
            .name("simulation requests")
            .map(
                e -> RoutedEvent.of(e, e.data(SimulationRequestData.class).zone()),
                SmileTypeInfo.of(RoutedEvent.class))
            .uid("simulations-to-zone")
            .name("simulations to zone");
    return routed
        .union(replans, whatIfs)
        .keyBy(RoutedEvent::zoneKey, KEYS)
        .connect(broadcasts)
        .process(new DispatchPlanner(config.reoptimization(), config.roadMap()), EVENTS)
        .uid("dispatch-planner")
        .name("dispatch planner");
  }

  /** Pings per driver against the planner's routes: driver state and ETAs. */
  private SingleOutputStreamOperator<CloudEvent> tracker(
      DataStream<CloudEvent> pings, SingleOutputStreamOperator<CloudEvent> decisions) {
    return pings
        .keyBy(p -> p.tenant() + "/" + p.data(TelemetryData.class).driverId(), KEYS)
        .connect(decisions.getSideOutput(DispatchPlanner.ROUTES).keyBy(DriverRoute::key, KEYS))
        .transform(
            "driver tracker",
            EVENTS,
            new DriverTrackerOperator(new DriverTracker(config.tracking(), travel())))
        .uid("driver-tracker")
        .name("driver tracker");
  }

  /** ETAs on the road network when the job has one, else on straight lines. */
  private TravelEstimator travel() {
    StraightLineTravel straight =
        new StraightLineTravel(
            config.tracking().averageSpeedKmh(), config.tracking().detourFactor());
    return config.roadMap() == null ? straight : new RoadTravel(config.roadMap(), straight);
  }

  private WatermarkStrategy<RawRecord> watermarks() {
    return LiveWatermarks.strategy(
        config.maxOutOfOrderness(), config.maxOutOfOrderness(), (record, ts) -> record.timestamp());
  }
}
