package io.fleetstream.deploy.bench;

import com.ethlo.time.ITU;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.schemas.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The read_committed consumer side of {@link StreamBenchmark}: reads outputs and hands them to the
 * ledger.
 */
final class StreamOutputs extends Thread implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final OutputLedger ledger = new OutputLedger();

  StreamOutputs(String bootstrap) {
    super("bench-outputs");
    setDaemon(true);
    Properties p =
        KafkaClientSettings.readCommittedConsumer(bootstrap, "bench-" + System.nanoTime());
    p.setProperty("max.poll.records", "5000");
    consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(Topic.DRIVER_STATE.topicName(), Topic.ASSIGNMENTS.topicName()));
  }

  synchronized void expectJob(String jobId, long scheduledAt) {
    ledger.expectJob(jobId, scheduledAt);
  }

  long decidedJobs() {
    return ledger.decidedJobs();
  }

  long pendingJobs() {
    return ledger.pendingJobs();
  }

  synchronized List<String> somePendingJobs(int n) {
    return ledger.somePendingJobs(n);
  }

  long pingOutputs() {
    return ledger.pingOutputs();
  }

  synchronized void beginPhase(long start, long windowMs, int drivers) {
    ledger.beginPhase(start, windowMs, drivers);
  }

  synchronized OutputLedger.Phase endPhase() {
    return ledger.endPhase();
  }

  @Override
  public void run() {
    while (running.get()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        long now = System.currentTimeMillis();
        try {
          handle(r, now);
        } catch (Exception e) {
          // an output we cannot read is not one we can match; it shows up as lost
        }
      }
    }
    consumer.close();
  }

  private synchronized void handle(ConsumerRecord<String, byte[]> r, long now) throws IOException {
    if (r.topic().equals(Topic.ASSIGNMENTS.topicName())) {
      OutputFields event = OutputFields.of(r.value());
      ledger.decision(event.id, event.jobId, now);
      return;
    }
    OutputFields event = OutputFields.ofDriverState(r.value());
    if (event.driverId == null || event.lastPingAt == null) {
      return;
    }
    int driver = Integer.parseInt(event.driverId.substring("drv_".length()));
    ledger.driverState(driver, ITU.parseDateTime(event.lastPingAt).toInstant().toEpochMilli(), now);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    join(10_000);
  }
}
