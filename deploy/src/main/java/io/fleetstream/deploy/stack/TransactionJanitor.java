package io.fleetstream.deploy.stack;

import io.fleetstream.connectors.kafka.HangingTransactions;
import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the hanging transactions the embedded broker leaves behind on the stack's topics after it
 * was killed mid-commit (Kafka 4.4 drops a commit's markers to partitions it sees without a leader
 * while it restarts, KAFKA-20734: the coordinator says committed, the partitions stay open, and
 * every read_committed reader stops there for good). Every {@link #EVERY}, transactions open for
 * longer than {@link #MIN_AGE} that the coordinator has finished are closed with its outcome
 * ({@link HangingTransactions}), each repair logged. Only for the embedded broker: on a cluster of
 * its own a user decides (docs/operations.md).
 */
final class TransactionJanitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionJanitor.class);

  static final Duration EVERY = Duration.ofSeconds(15);

  /**
   * Far above the job's transactions (one checkpoint long, well under a second), far below the time
   * a user would wait for an output before calling it lost.
   */
  static final Duration MIN_AGE = Duration.ofSeconds(30);

  private final Supplier<String> bootstrap;
  private final List<String> topics = Arrays.stream(Topic.values()).map(Topic::topicName).toList();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kafka-transaction-janitor");
            t.setDaemon(true);
            return t;
          });

  TransactionJanitor(Supplier<String> bootstrap) {
    this.bootstrap = bootstrap;
  }

  TransactionJanitor start() {
    timer.scheduleWithFixedDelay(
        this::sweep, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void sweep() {
    try {
      for (HangingTransactions.Repair repair :
          HangingTransactions.of(Map.of("bootstrap.servers", bootstrap.get()), MIN_AGE)
              .repair(topics)) {
        LOG.warn(
            "closed a hanging Kafka transaction (its marker was lost when the broker restarted): {}"
                + " -> {}",
            repair.hanging(),
            repair.outcome());
      }
    } catch (Exception brokerAway) {
      // The broker is down or restarting: the next sweep looks again.
      LOG.debug("no transaction sweep this time", brokerAway);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
