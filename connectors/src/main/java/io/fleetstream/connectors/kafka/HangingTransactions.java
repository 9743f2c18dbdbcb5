package io.fleetstream.connectors.kafka;

import io.fleetstream.connectors.kafka.internal.MarkerRepair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds and closes "hanging" transactions: a producer's transaction still open on a partition (its
 * last stable offset held behind it, so every read_committed reader stops there, for good) although
 * the transaction coordinator has already finished it, or never knew of it. A single broker killed
 * with {@code kill -9} while a commit is under way leaves such transactions behind now and then: on
 * restart the coordinator completes the commit without the markers reaching some partitions (seen
 * with plain producers too, transactions v1 and v2).
 *
 * <p>Each is closed with the coordinator's own outcome: a transaction the coordinator committed
 * gets its commit marker (its records become visible, once), any other is aborted (Kafka's {@code
 * kafka-transactions.sh abort}: its records are dropped; the coordinator never committed them, so
 * no reader was promised them). Kafka has no admin call that writes a commit marker, so the commit
 * is done as its producer would: resumed by producer id and epoch, the partition added to a
 * transaction again, committed ({@link MarkerRepair}; transactions v1 only, as the embedded broker
 * runs; on v2 such a transaction is reported, not touched).
 *
 * <p>Only transactions older than {@code minAge} are considered, so one that is being committed
 * right now is never mistaken for a hanging one.
 */
public final class HangingTransactions {

  /** How long a call to the cluster may take. */
  private static final long TIMEOUT_S = 15;

  private final Map<String, Object> clientSettings;
  private final Duration minAge;

  private HangingTransactions(Map<String, Object> clientSettings, Duration minAge) {
    this.clientSettings = Map.copyOf(clientSettings);
    this.minAge = Objects.requireNonNull(minAge, "minAge");
  }

  /**
   * @param clientSettings {@code bootstrap.servers} and any security settings of the cluster's
   *     clients
   * @param minAge how long a transaction must have been open (since its producer's last write) to
   *     be looked at
   */
  public static HangingTransactions of(Map<String, Object> clientSettings, Duration minAge) {
    return new HangingTransactions(clientSettings, minAge);
  }

  /**
   * A transaction open on {@code partition}, and what the coordinator says of its producer.
   *
   * @param transactionalId null when the coordinator knows no transactional id with this producer
   *     id
   * @param coordinatorState the coordinator's state of that transactional id (null: unknown)
   * @param coordinatorProducerEpoch the producer epoch the coordinator has for it (-1: unknown; one
   *     more than {@code producerEpoch} when transactions v2 bumped it at the commit)
   */
  public record Hanging(
      TopicPartition partition,
      long producerId,
      short producerEpoch,
      long startOffset,
      int markerCoordinatorEpoch,
      String transactionalId,
      TransactionState coordinatorState,
      int coordinatorProducerEpoch) {

    /** The coordinator committed this very transaction: it gets its commit marker. */
    public boolean committed() {
      return coordinatorState == TransactionState.COMPLETE_COMMIT
          && (coordinatorProducerEpoch == producerEpoch
              || coordinatorProducerEpoch == producerEpoch + 1);
    }

    @Override
    public String toString() {
      return partition
          + " producer "
          + producerId
          + " epoch "
          + producerEpoch
          + " open from offset "
          + startOffset
          + " ("
          + (transactionalId == null
              ? "unknown to the coordinator"
              : transactionalId + ": " + coordinatorState + ", epoch " + coordinatorProducerEpoch)
          + ")";
    }
  }

  /** What {@link #repair} did with one hanging transaction. */
  public record Repair(Hanging hanging, String outcome) {}

  /** The hanging transactions on {@code topics}' partitions (read only). */
  public List<Hanging> find(Collection<String> topics) throws Exception {
    try (Admin admin = Admin.create(clientSettings)) {
      return find(admin, topics);
    }
  }

  private List<Hanging> find(Admin admin, Collection<String> topics) throws Exception {
    return open(admin, topics).stream().filter(Open::hangs).map(Open::transaction).toList();
  }

  /**
   * A transaction open on a partition and whether it hangs: in progress, its coordinator will close
   * it; hanging, nothing will.
   */
  public record Open(Hanging transaction, boolean hangs) {}

  /**
   * Every transaction open on {@code topics}' partitions, in progress or hanging (read only): what
   * a test that waits for committed output reports when it times out.
   */
  public List<Open> open(Collection<String> topics) throws Exception {
    try (Admin admin = Admin.create(clientSettings)) {
      return open(admin, topics);
    }
  }

  private List<Open> open(Admin admin, Collection<String> topics) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get(TIMEOUT_S, TimeUnit.SECONDS)
        .values()
        .forEach(
            d ->
                d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    long oldest = System.currentTimeMillis() - minAge.toMillis();
    List<Seen> open = new ArrayList<>();
    admin
        .describeProducers(partitions)
        .all()
        .get(TIMEOUT_S, TimeUnit.SECONDS)
        .forEach(
            (partition, state) -> {
              for (ProducerState p : state.activeProducers()) {
                if (p.currentTransactionStartOffset().isPresent() && p.lastTimestamp() <= oldest) {
                  open.add(new Seen(partition, p));
                }
              }
            });
    if (open.isEmpty()) {
      return List.of();
    }
    Map<Long, TransactionListing> byProducer = new HashMap<>();
    for (TransactionListing t : admin.listTransactions().all().get(TIMEOUT_S, TimeUnit.SECONDS)) {
      byProducer.put(t.producerId(), t);
    }
    // One request for every transactional id involved: a transaction hangs on several partitions.
    List<String> ids =
        open.stream()
            .map(o -> byProducer.get(o.producer.producerId()))
            .filter(Objects::nonNull)
            .map(TransactionListing::transactionalId)
            .distinct()
            .toList();
    Map<String, TransactionDescription> described =
        ids.isEmpty()
            ? Map.of()
            : admin.describeTransactions(ids).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    List<Open> all = new ArrayList<>();
    for (Seen o : open) {
      TransactionListing listing = byProducer.get(o.producer.producerId());
      if (listing == null) {
        all.add(new Open(o.hanging(null, null, -1), true));
        continue;
      }
      TransactionDescription d = described.get(listing.transactionalId());
      boolean inProgress =
          d.producerEpoch() == o.producer.producerEpoch()
              && d.topicPartitions().contains(o.partition)
              && (d.state() == TransactionState.ONGOING
                  || d.state() == TransactionState.PREPARE_COMMIT
                  || d.state() == TransactionState.PREPARE_ABORT
                  || d.state() == TransactionState.PREPARE_EPOCH_FENCE);
      // An ongoing transaction of the same producer without this partition: the open one here may
      // be an earlier transaction of it whose outcome the coordinator no longer records. Left alone
      // (reported by nobody): Fleetstream's sinks use each producer id for one transaction.
      boolean laterTransaction =
          d.state() == TransactionState.ONGOING
              && d.producerEpoch() == o.producer.producerEpoch()
              && !d.topicPartitions().contains(o.partition);
      all.add(
          new Open(
              o.hanging(listing.transactionalId(), d.state(), d.producerEpoch()),
              !inProgress && !laterTransaction));
    }
    return all;
  }

  /**
   * Closes every hanging transaction on {@code topics} with the coordinator's outcome and says what
   * it did with each; one that cannot be closed is reported with the reason as its outcome.
   */
  public List<Repair> repair(Collection<String> topics) throws Exception {
    List<Repair> done = new ArrayList<>();
    try (Admin admin = Admin.create(clientSettings)) {
      List<Hanging> hanging = find(admin, topics);
      if (hanging.isEmpty()) {
        return done;
      }
      boolean v1 = MarkerRepair.transactionVersion(admin) < 2;
      // A committed transaction hanging on several partitions is committed there at once.
      Map<Hanging, String> outcomes = new HashMap<>();
      Map<List<Object>, List<Hanging>> commits = new LinkedHashMap<>();
      for (Hanging h : hanging) {
        if (h.committed() && !v1) {
          outcomes.put(h, "left open: a commit marker cannot be written on transactions v2");
        } else if (h.committed()) {
          commits
              .computeIfAbsent(
                  List.of(h.transactionalId(), h.producerId(), h.coordinatorProducerEpoch()),
                  k -> new ArrayList<>())
              .add(h);
        } else {
          outcomes.put(h, abort(admin, h));
        }
      }
      for (List<Hanging> transaction : commits.values()) {
        String outcome;
        try {
          MarkerRepair.commit(clientSettings, transaction);
          outcome = "committed";
        } catch (Exception e) {
          outcome = "left open: " + e;
        }
        for (Hanging h : transaction) {
          outcomes.put(h, outcome);
        }
      }
      hanging.forEach(h -> done.add(new Repair(h, outcomes.get(h))));
    }
    return done;
  }

  private static String abort(Admin admin, Hanging h) {
    try {
      admin
          .abortTransaction(
              new AbortTransactionSpec(
                  h.partition(),
                  h.producerId(),
                  h.producerEpoch(),
                  Math.max(0, h.markerCoordinatorEpoch())))
          .all()
          .get(TIMEOUT_S, TimeUnit.SECONDS);
      return "aborted";
    } catch (Exception e) {
      return "left open: " + e;
    }
  }

  private record Seen(TopicPartition partition, ProducerState producer) {
    Hanging hanging(String transactionalId, TransactionState state, int coordinatorProducerEpoch) {
      return new Hanging(
          partition,
          producer.producerId(),
          (short) producer.producerEpoch(),
          producer.currentTransactionStartOffset().getAsLong(),
          producer.coordinatorEpoch().orElse(-1),
          transactionalId,
          state,
          coordinatorProducerEpoch);
    }
  }
}
