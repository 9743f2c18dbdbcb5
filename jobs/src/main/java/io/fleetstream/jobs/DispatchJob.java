package io.fleetstream.jobs;

import io.fleetstream.connectors.flink.FleetstreamKafka;
import io.fleetstream.connectors.kafka.OutboundRecord;
import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.jobs.dispatch.DispatchPlanner;
import io.fleetstream.jobs.ingest.ValidateEvents;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.jobs.zones.RoutedEvent;
import io.fleetstream.jobs.zones.ZoneRouter;
import io.fleetstream.jobs.zones.Zones;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The dispatch job: jobs and drivers in, assignment decisions and dead letters out.
 *
 * <pre>
 * jobs + drivers (raw) ─► validate ─► keyBy(entity) route-to-zone ─► keyBy(tenant/zone) dispatch-planner ─┐
 *                            └─ dead letters ──────────┴─ dead letters ─────────────────────────────────────┴─► outputs
 * </pre>
 *
 * The job takes its source and sink as parameters, so tests run this very graph on any input.
 */
public final class DispatchJob {

  public static final String NAME = "fleetstream-dispatch";
  /** Consumer group of the Kafka source; its offsets are committed with each checkpoint. */
  public static final String CONSUMER_GROUP = "fleetstream-dispatch";
  /** Prefix of the exactly-once sink's transactional ids. */
  public static final String TRANSACTIONAL_ID_PREFIX = "fleetstream-dispatch";

  private final Source<RawRecord, ?, ?> inputs;
  private final Sink<OutboundRecord> outputs;
  private final DispatchJobConfig config;

  private DispatchJob(Builder b) {
    this.inputs = Objects.requireNonNull(b.inputs, "inputs");
    this.outputs = Objects.requireNonNull(b.outputs, "outputs");
    this.config = b.config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The job wired to Kafka: reads the jobs and drivers topics, writes exactly once. */
  public static Builder forKafka(String bootstrapServers) {
    return builder()
        .inputs(FleetstreamKafka.rawSource(bootstrapServers, CONSUMER_GROUP, Topic.JOBS, Topic.DRIVERS))
        .outputs(FleetstreamKafka.exactlyOnceSink(bootstrapServers, TRANSACTIONAL_ID_PREFIX));
  }

  /** A stream environment configured for this job (checkpointing, state backend). */
  public StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.toFlinkConfiguration());
    configure(env);
    return env;
  }

  /** Applies this job's checkpointing and parallelism to an existing environment. */
  public void configure(StreamExecutionEnvironment env) {
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    if (config.parallelism() > 0) {
      env.setParallelism(config.parallelism());
    }
  }

  /** Adds the operator graph to {@code env}. */
  public void addTo(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<CloudEvent> events = env
        .fromSource(inputs, WatermarkStrategy.noWatermarks(), "jobs and drivers")
        .uid("source-jobs-drivers")
        .process(new ValidateEvents("validate-jobs-drivers"), SmileTypeInfo.of(CloudEvent.class))
        .uid("validate-jobs-drivers")
        .name("validate jobs and drivers");

    SingleOutputStreamOperator<RoutedEvent> routed = events
        .keyBy(Zones::entityKey, TypeInformation.of(String.class))
        .process(new ZoneRouter(new Zones(config.geohashPrecision())), SmileTypeInfo.of(RoutedEvent.class))
        .uid("route-to-zone")
        .name("route to zone");

    SingleOutputStreamOperator<OutboundRecord> decisions = routed
        .keyBy(RoutedEvent::zoneKey, TypeInformation.of(String.class))
        .process(new DispatchPlanner(), TypeInformation.of(OutboundRecord.class))
        .uid("dispatch-planner")
        .name("dispatch planner");

    DataStream<OutboundRecord> all = decisions
        .union(events.getSideOutput(ValidateEvents.DEAD_LETTERS), routed.getSideOutput(ValidateEvents.DEAD_LETTERS));
    all.sinkTo(outputs).uid("outputs").name("outputs");
  }

  /** Builds a {@link DispatchJob}. */
  public static final class Builder {
    private Source<RawRecord, ?, ?> inputs;
    private Sink<OutboundRecord> outputs;
    private DispatchJobConfig config = DispatchJobConfig.defaults();

    public Builder inputs(Source<RawRecord, ?, ?> inputs) {
      this.inputs = inputs;
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
