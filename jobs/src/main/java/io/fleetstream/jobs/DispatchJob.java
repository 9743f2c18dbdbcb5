package io.fleetstream.jobs;

import io.fleetstream.connectors.flink.FleetstreamKafka;
import io.fleetstream.connectors.kafka.OutboundRecord;
import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.jobs.dispatch.DispatchPlanner;
import io.fleetstream.jobs.durations.DurationModel;
import io.fleetstream.jobs.ingest.ValidateEvents;
import io.fleetstream.jobs.internal.serde.CloudEventTypeInfo;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.jobs.notify.WebhookEvents;
import io.fleetstream.jobs.optimize.OptimizeRunner;
import io.fleetstream.jobs.optimize.ReoptimizeRunner;
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
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.DurationPrediction;
import io.fleetstream.schemas.state.DurationSample;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The dispatch job: jobs, drivers and telemetry in; decisions, driver state, ETAs, SLA risk,
 * webhook events and dead letters out, exactly once.
 *
 * <pre>
 * jobs+drivers+commands ─► validate ─► keyBy(entity) route-to-zone ─► keyBy(tenant/zone) dispatch-planner ─► decisions
 *                             └─ optimization requests ─► optimize-requests ─► plans
 *                                                                   └─ driver routes ─┐
 * telemetry ───► validate ─► keyBy(tenant/driver) ────────────────────► driver-tracker ─► driver state, ETAs
 * telemetry again (own source) ─► thinned, validated, sampled positions ─► route-to-zone ─► planner
 *   (routes start where drivers are; a busy planner holds back only this reader, never the tracker)
 * job events + decisions + ETAs ─► keyBy(tenant/job) sla-watcher ─► SLA risk
 * decisions + SLA risk + job outcomes ─► webhook-events
 * completed jobs ─► keyBy(tenant/jobType) duration-model ─► learned service times, broadcast to the planner
 * dirty zones ─► re-optimize (Async I/O, warm start, pins) ─► replan commands ─► commands topic ─► planner
 *   (adopted if the zone's plan version still matches and the saving beats the hysteresis)
 * decisions come with their decision-log (audit) records
 * everything (and every dead letter) ─► serialize-outputs ─► outputs (one transactional Kafka sink)
 * </pre>
 *
 * The job takes its sources and sink as parameters, so tests run this very graph on any input.
 */
public final class DispatchJob {

  public static final String NAME = "fleetstream-dispatch";

  /** Consumer group of the Kafka sources; its offsets are committed with each checkpoint. */
  public static final String CONSUMER_GROUP = "fleetstream-dispatch";

  /** The group of the planner's own telemetry reader (see {@link Builder#positions}). */
  public static final String POSITIONS_GROUP = CONSUMER_GROUP + "-positions";

  /** Prefix of the exactly-once sink's transactional ids. */
  public static final String TRANSACTIONAL_ID_PREFIX = "fleetstream-dispatch";

  /**
   * Zones with a re-solve waiting, per operator instance, before the planner waits for the solver.
   */
  static final int REOPTIMIZE_CAPACITY = 1024;

  private static final TypeInformation<CloudEvent> EVENTS = CloudEventTypeInfo.INSTANCE;
  private static final TypeInformation<String> KEYS = TypeInformation.of(String.class);
  private static final TypeInformation<OutboundRecord> RECORDS =
      TypeInformation.of(OutboundRecord.class);

  private final Source<RawRecord, ?, ?> inputs;
  private final Source<RawRecord, ?, ?> telemetry;
  private final Source<RawRecord, ?, ?> positions;
  private final Sink<OutboundRecord> outputs;
  private final DispatchJobConfig config;

  private DispatchJob(Builder b) {
    this.inputs = Objects.requireNonNull(b.inputs, "inputs");
    this.telemetry = b.telemetry;
    this.positions = b.positions;
    this.outputs = Objects.requireNonNull(b.outputs, "outputs");
    this.config = b.config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The job wired to Kafka with no snapshot to resume from but with input already on the topics
   * (its checkpoints were deleted or unreadable): jobs, drivers and commands are read again from
   * the beginning so the planner rebuilds what it knew, rather than starting empty at the group's
   * committed offsets and forgetting every driver. Telemetry resumes where it was: positions go
   * stale in minutes anyway. Decisions made before are made again (the same inputs give the same
   * event ids, so consumers that dedupe by id see each once).
   */
  public static Builder forKafkaRebuildingState(String bootstrapServers) {
    return forKafka(bootstrapServers)
        .inputs(
            FleetstreamKafka.rawSource(
                bootstrapServers,
                CONSUMER_GROUP,
                OffsetsInitializer.earliest(),
                Topic.JOBS,
                Topic.DRIVERS,
                Topic.COMMANDS));
  }

  /** The job wired to Kafka: reads the jobs, drivers and telemetry topics, writes exactly once. */
  public static Builder forKafka(String bootstrapServers) {
    return builder()
        .inputs(
            FleetstreamKafka.rawSource(
                bootstrapServers, CONSUMER_GROUP, Topic.JOBS, Topic.DRIVERS, Topic.COMMANDS))
        .telemetry(FleetstreamKafka.rawSource(bootstrapServers, CONSUMER_GROUP, Topic.TELEMETRY))
        .positions(
            FleetstreamKafka.rawSource(
                bootstrapServers,
                POSITIONS_GROUP,
                // a first start (or a snapshot from before this reader) begins at the newest
                // pings: old positions are stale anyway
                OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST),
                Topic.TELEMETRY))
        .outputs(FleetstreamKafka.exactlyOnceSink(bootstrapServers, TRANSACTIONAL_ID_PREFIX));
  }

  /** A stream environment configured for this job (checkpointing, state backend). */
  public StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(config.toFlinkConfiguration());
    configure(env);
    return env;
  }

  /** Applies this job's checkpointing and parallelism to an existing environment. */
  public void configure(StreamExecutionEnvironment env) {
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    // Outputs are committed when their checkpoint completes. Aligned, a barrier waited at each
    // operator for its slowest input: the tracker for the planner's routes, the planner for the
    // router, and so on to the sink. Unaligned, each operator snapshots on its first barrier and
    // keeps what is still in flight on the others in the checkpoint: ping → committed ETA p99 went
    // from 1.1 s to 0.65 s at 40,000 pings/s on the project machine.
    env.getCheckpointConfig().enableUnalignedCheckpoints();
    env.getCheckpointConfig().setAlignedCheckpointTimeout(Duration.ZERO);
    if (config.parallelism() > 0) {
      env.setParallelism(config.parallelism());
    }
  }

  /** Adds the operator graph to {@code env}: the stages below, in the order events flow. */
  public void addTo(StreamExecutionEnvironment env) {
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
    SingleOutputStreamOperator<CloudEvent> plans = optimizationRuns(jobsAndDrivers);
    SingleOutputStreamOperator<RoutedEvent> routed =
        routeToZones(jobsAndDrivers, positions(env, pings));
    SingleOutputStreamOperator<CloudEvent> durationLog = durationModel(routed);
    SingleOutputStreamOperator<CloudEvent> decisions = planner(jobsAndDrivers, routed, durationLog);
    SingleOutputStreamOperator<CloudEvent> proposals = reoptimization(decisions);

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
            .union(plans, durationLog, proposals, slaRisk, webhooks, deadLetters)
            .map(OutboundRecord::of, RECORDS)
            .uid("serialize-outputs")
            .name("serialize outputs");
    (trackerRecords == null ? serialized : serialized.union(trackerRecords))
        .sinkTo(outputs)
        .uid("outputs")
        .name("outputs");
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

  /** Optimize requests solved off the task thread (Async I/O). */
  private SingleOutputStreamOperator<CloudEvent> optimizationRuns(
      DataStream<CloudEvent> jobsAndDrivers) {
    // Committed runs also yield assignment commands, fed back through the commands topic (exactly
    // once).
    return AsyncDataStream.unorderedWait(
            jobsAndDrivers
                .filter(e -> e.eventType() == EventType.OPTIMIZE_REQUESTED)
                .uid("optimization-requests")
                .name("optimization requests"),
            new OptimizeRunner(roadDataDir(), config.solverThreads()),
            OptimizeRunner.asyncTimeout().toMillis(),
            TimeUnit.MILLISECONDS,
            config.concurrentOptimizations())
        .returns(EVENTS)
        .uid("optimize-requests")
        .name("optimization runs");
  }

  /**
   * The sample of the pings that tells the planner where drivers are: from the planner's own
   * telemetry reader (see {@link Builder#positions}), or from the tracker's pings without one.
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
                        && e.eventType() != EventType.DISPATCH_REPLAN)
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
    BroadcastStream<DurationPrediction> predictions =
        durationLog
            .getSideOutput(DurationModel.PREDICTIONS)
            .broadcast(DispatchPlanner.PREDICTIONS_STATE);
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
    return routed
        .union(replans)
        .keyBy(RoutedEvent::zoneKey, KEYS)
        .connect(predictions)
        .process(new DispatchPlanner(config.reoptimization(), config.roadDataDir()), EVENTS)
        .uid("dispatch-planner")
        .name("dispatch planner");
  }

  /**
   * Zones the planner asked to re-solve, solved off the task thread; proposals go back as commands.
   */
  private SingleOutputStreamOperator<CloudEvent> reoptimization(
      SingleOutputStreamOperator<CloudEvent> decisions) {
    return AsyncDataStream.unorderedWait(
            decisions.getSideOutput(DispatchPlanner.REOPTIMIZE),
            new ReoptimizeRunner(
                roadDataDir(),
                config.reoptimization().timeLimit(),
                config.solverThreads(),
                config.reoptimization().cpuShare()),
            // One waiting request per zone at most (the queue keeps only a zone's newest), so this
            // capacity is a count of zones; a smaller one would stall the planner behind the
            // solver.
            OptimizeRunner.asyncTimeout().toMillis(),
            TimeUnit.MILLISECONDS,
            REOPTIMIZE_CAPACITY)
        .returns(EVENTS)
        .uid("reoptimize")
        .name("re-optimize zones");
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

  private String roadDataDir() {
    return config.roadDataDir() == null ? null : config.roadDataDir().toString();
  }

  /** ETAs on the road network when the job has one, else on straight lines. */
  private TravelEstimator travel() {
    StraightLineTravel straight =
        new StraightLineTravel(
            config.tracking().averageSpeedKmh(), config.tracking().detourFactor());
    return config.roadDataDir() == null ? straight : new RoadTravel(config.roadDataDir(), straight);
  }

  private WatermarkStrategy<RawRecord> watermarks() {
    return LiveWatermarks.strategy(
        config.maxOutOfOrderness(), config.maxOutOfOrderness(), (record, ts) -> record.timestamp());
  }

  /** Builds a {@link DispatchJob}. */
  public static final class Builder {
    private Source<RawRecord, ?, ?> inputs;
    private Source<RawRecord, ?, ?> telemetry;
    private Source<RawRecord, ?, ?> positions;
    private Sink<OutboundRecord> outputs;
    private DispatchJobConfig config = DispatchJobConfig.defaults();

    /** The jobs and drivers topics. */
    public Builder inputs(Source<RawRecord, ?, ?> inputs) {
      this.inputs = inputs;
      return this;
    }

    /**
     * The telemetry topic; without it the job decides but tracks no drivers and computes no ETAs.
     */
    public Builder telemetry(Source<RawRecord, ?, ?> telemetry) {
      this.telemetry = telemetry;
      return this;
    }

    /**
     * The telemetry topic once more, read on its own for the planner's sample of driver positions.
     * Without it the sample is taken from {@link #telemetry}'s stream, whose pings then wait
     * whenever the planner is busy (a seeded backlog, a large zone's decisions): the planner's
     * backpressure reached the tracker through the shared operator chain, and a cold start at
     * 100,000 drivers produced no driver state at all for minutes. Kafka is the buffer instead.
     */
    public Builder positions(Source<RawRecord, ?, ?> positions) {
      this.positions = positions;
      return this;
    }

    public Builder outputs(Sink<OutboundRecord> outputs) {
      this.outputs = outputs;
      return this;
    }

    public Builder config(DispatchJobConfig config) {
      this.config = config;
      return this;
    }

    public DispatchJob build() {
      return new DispatchJob(this);
    }
  }
}
