package io.fleetstream.jobs;

import io.fleetstream.connectors.flink.FleetstreamKafka;
import io.fleetstream.connectors.kafka.OutboundRecord;
import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
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
 * everything else (and every dead letter) ─► serialize-outputs ─► outputs (a transactional Kafka sink)
 * driver state + ETAs ─► tracker-outputs (their own transactional Kafka sink, chained to the tracker)
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
   * Prefix of the driver tracker's own exactly-once sink (see {@link Builder#trackerOutputs}); not
   * an extension of {@link #TRANSACTIONAL_ID_PREFIX}, so neither sink's recovery can take the
   * other's transactions for its own lingering ones.
   */
  public static final String TRACKER_TRANSACTIONAL_ID_PREFIX = "fleetstream-tracker";

  /**
   * Zones with a re-solve waiting, per operator instance, before the planner waits for the solver.
   */
  static final int REOPTIMIZE_CAPACITY = 1024;

  private final DispatchGraph graph;
  private final DispatchJobConfig config;

  private DispatchJob(Builder b) {
    this.config = b.config;
    this.graph =
        new DispatchGraph(
            Objects.requireNonNull(b.inputs, "inputs"),
            b.telemetry,
            b.positions,
            Objects.requireNonNull(b.outputs, "outputs"),
            b.trackerOutputs,
            b.config);
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
                Topic.COMMANDS,
                Topic.SIMULATIONS));
  }

  /** The job wired to Kafka: reads the jobs, drivers and telemetry topics, writes exactly once. */
  public static Builder forKafka(String bootstrapServers) {
    return builder()
        .inputs(
            FleetstreamKafka.rawSource(
                bootstrapServers,
                CONSUMER_GROUP,
                Topic.JOBS,
                Topic.DRIVERS,
                Topic.COMMANDS,
                Topic.SIMULATIONS))
        .telemetry(FleetstreamKafka.rawSource(bootstrapServers, CONSUMER_GROUP, Topic.TELEMETRY))
        .positions(
            FleetstreamKafka.rawSource(
                bootstrapServers,
                POSITIONS_GROUP,
                // a first start (or a snapshot from before this reader) begins at the newest
                // pings: old positions are stale anyway
                OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST),
                Topic.TELEMETRY))
        .outputs(FleetstreamKafka.exactlyOnceSink(bootstrapServers, TRANSACTIONAL_ID_PREFIX))
        .trackerOutputs(
            FleetstreamKafka.exactlyOnceSink(bootstrapServers, TRACKER_TRANSACTIONAL_ID_PREFIX));
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

  /** Adds the operator graph to {@code env}: the stages of {@link DispatchGraph}. */
  public void addTo(StreamExecutionEnvironment env) {
    graph.addTo(env);
  }

  /** Builds a {@link DispatchJob}. */
  public static final class Builder {
    private Source<RawRecord, ?, ?> inputs;
    private Source<RawRecord, ?, ?> telemetry;
    private Source<RawRecord, ?, ?> positions;
    private Sink<OutboundRecord> outputs;
    private Sink<OutboundRecord> trackerOutputs;
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

    /**
     * A sink of its own for the driver tracker's outputs (driver state, ETAs), chained to the
     * tracker; without it they go to {@link #outputs} with everything else. Why apart: a sink fed
     * by both the tracker and the planner's side of the graph waited at each checkpoint for the
     * barrier from the slower side with the tracker's channel blocked (Flink aligns there, the
     * tracker's edge does not take unaligned barriers), so a busy planner held back every ping's
     * output, and at 100,000 drivers the planner, blocked on routes to that tracker, never sent its
     * barrier: no checkpoint completed again and nothing was committed.
     */
    public Builder trackerOutputs(Sink<OutboundRecord> trackerOutputs) {
      this.trackerOutputs = trackerOutputs;
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
