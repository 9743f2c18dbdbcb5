package io.fleetstream.jobs.upgrade;

import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.connectors.kafka.ConsumerProgress;
import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.jobs.DispatchJob;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes the savepoint fixture of the current state version: run it once per state version with
 * {@code java ... WriteSavepointFixture <target-dir>} and commit the directory under
 * src/test/resources/savepoints. Later versions must keep restoring it
 * (SavepointCompatibilityITCase).
 */
public final class WriteSavepointFixture {

  private WriteSavepointFixture() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(target);
    try (KafkaBroker broker = KafkaBroker.builder().build().start()) {
      TopicAdmin.builder()
          .bootstrapServers(broker.bootstrapServers())
          .partitions(1)
          .build()
          .ensureTopics();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      DispatchJob job = DispatchJob.forKafka(broker.bootstrapServers()).build();
      job.configure(env);
      env.setParallelism(1);
      job.addTo(env);
      JobClient client = env.executeAsync("write-savepoint-fixture");
      try (EventProducer producer = new EventProducer(broker.bootstrapServers());
          EventConsumer outputs = new EventConsumer(broker.bootstrapServers(), Topic.ASSIGNMENTS)) {
        // Drivers first, and known to the job, so the fixture's job goes to its nearest driver.
        SavepointFixtures.fleet().stream()
            .filter(e -> e.eventType().topic() == Topic.DRIVERS)
            .forEach(producer::send);
        producer.flush();
        ConsumerProgress.awaitCaughtUp(
            broker.bootstrapServers(),
            DispatchJob.CONSUMER_GROUP,
            Topic.DRIVERS,
            Duration.ofSeconds(60));
        SavepointFixtures.fleet().stream()
            .filter(e -> e.eventType().topic() == Topic.JOBS)
            .forEach(producer::send);
        producer.flush();
        long deadline = System.currentTimeMillis() + 60_000;
        String driver = null;
        while (driver == null && System.currentTimeMillis() < deadline) {
          driver =
              outputs.poll(Duration.ofMillis(200)).stream()
                  .filter(
                      c ->
                          c.event() != null
                              && c.event().eventType() == EventType.ASSIGNMENT_ASSIGNED)
                  .map(c -> c.event().data(AssignmentData.class).driverId())
                  .findFirst()
                  .orElse(null);
        }
        if (!"drv_v1_east".equals(driver)) {
          throw new IllegalStateException(
              "the fixture job went to " + driver + ", not drv_v1_east");
        }
      }
      String location =
          client
              .stopWithSavepoint(false, target.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(60, TimeUnit.SECONDS);
      System.out.println("savepoint written to " + location);
    }
  }
}
