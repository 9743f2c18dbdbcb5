package io.fleetstream.jobs;

import io.fleetstream.connectors.kafka.KafkaSecurity;
import io.fleetstream.jobs.optimize.RoadMap;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The dispatch job's entry point on a Flink cluster: the main class of {@code
 * fleetstream-flink-job.jar}, run by the JobManager when the jar is submitted through Flink's REST
 * API ({@code bin/fleetstream submit}) or by the Flink Kubernetes Operator.
 *
 * <pre>
 *   --kafka BOOTSTRAP          the Kafka cluster with the fleetstream topics (required)
 *   --kafka-config FILE        Kafka client security settings (SASL, TLS) in a properties file on
 *                              the JobManager (see KafkaSecurity; absent: FLEETSTREAM_KAFKA_CONFIG)
 *   --checkpoint-dir DIR       RocksDB, incremental checkpoints kept on cancel, in DIR (a path every
 *                              TaskManager and the JobManager can reach); absent: the cluster's own
 *   --road-data-dir DIR        where the road graph is imported and cached; absent: straight lines
 *   --road-osm FILE            the .osm.pbf to drive on (with --road-data-dir; absent: the
 *                              embedded Monaco extract)
 *   --rebuild-state            read the input topics from their beginning (a first start after the
 *                              job's state was lost)
 *   --checkpoint-interval-ms N how often state is checkpointed and outputs committed (default 250)
 *   --every-ping               the tracker answers every ping with a driver-state record (the
 *                              stream benchmark's mode) instead of sampling positions
 * </pre>
 */
public final class DispatchJobMain {

  private DispatchJobMain() {}

  public static void main(String[] args) throws Exception {
    ParameterTool params = ParameterTool.fromArgs(args);
    String bootstrap = params.getRequired("kafka");
    if (params.has("kafka-config")) {
      // Read here, on the JobManager, where the job graph is built: the sources and sinks carry
      // the settings to the TaskManagers. The file's name travels, its passwords do not.
      KafkaSecurity.use(Path.of(params.get("kafka-config")));
    }
    DispatchJobConfig config = DispatchJobConfig.defaults();
    if (params.has("checkpoint-dir")) {
      config = config.withCheckpointDir(Path.of(params.get("checkpoint-dir")));
    }
    if (params.has("checkpoint-interval-ms")) {
      config =
          config.withCheckpointInterval(
              java.time.Duration.ofMillis(params.getLong("checkpoint-interval-ms")));
    }
    if (params.has("every-ping")) {
      config = config.withTracking(config.tracking().everyPing());
    }
    if (params.has("road-data-dir")) {
      Path osm = params.has("road-osm") ? Path.of(params.get("road-osm")) : null;
      config = config.withRoadMap(RoadMap.of(Path.of(params.get("road-data-dir")), osm));
    } else if (params.has("road-osm")) {
      throw new IllegalArgumentException("--road-osm needs --road-data-dir");
    }
    DispatchJob job =
        (params.has("rebuild-state")
                ? DispatchJob.forKafkaRebuildingState(bootstrap)
                : DispatchJob.forKafka(bootstrap))
            .config(config)
            .build();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(config.toFlinkConfiguration());
    job.configure(env);
    job.addTo(env);
    env.execute(DispatchJob.NAME);
  }
}
