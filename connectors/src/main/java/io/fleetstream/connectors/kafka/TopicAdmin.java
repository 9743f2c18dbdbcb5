package io.fleetstream.connectors.kafka;

import io.fleetstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates every {@code fleetstream.*.v1} topic of the contract. Safe to run again: existing topics
 * are left as they are and reported.
 */
public final class TopicAdmin {

  private final String bootstrapServers;
  private final int partitions;
  private final short replicationFactor;
  private final Map<Topic, Integer> partitionOverrides;
  private final List<Extra> extras;
  private final Duration timeout;

  /** A topic outside the contract, created with the others at their replication factor. */
  private record Extra(String name, int partitions, Map<String, String> configs) {}

  private TopicAdmin(Builder b) {
    this.bootstrapServers = b.bootstrapServers;
    this.partitions = b.partitions;
    this.replicationFactor = b.replicationFactor;
    this.partitionOverrides = Map.copyOf(b.partitionOverrides);
    this.extras = List.copyOf(b.extras);
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What {@link #ensureTopics()} did. */
  public record Result(List<String> created, List<String> existing) {}

  /** Creates each contract topic (and each {@link Builder#topic extra} one) not there yet. */
  public Result ensureTopics() {
    List<NewTopic> topics = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      topics.add(
          new NewTopic(
                  topic.topicName(),
                  partitionOverrides.getOrDefault(topic, partitions),
                  replicationFactor)
              .configs(configFor(topic)));
    }
    for (Extra extra : extras) {
      topics.add(
          new NewTopic(extra.name(), extra.partitions(), replicationFactor)
              .configs(extra.configs()));
    }
    return ensure(topics);
  }

  /**
   * Creates {@code name} alone when it is not there yet, at the broker's default replication
   * factor: for a client that makes the one topic it needs (a bridge its state topic) without
   * knowing how the cluster replicates, where the stack and {@code submit} create it with the
   * others.
   */
  public Result ensureTopic(String name, int partitions, Map<String, String> configs) {
    return ensure(
        List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs)));
  }

  /** Creates those of {@code topics} not there yet and returns once all of them are writable. */
  private Result ensure(List<NewTopic> topics) {
    try (Admin admin = Admin.create(KafkaClientSettings.admin(bootstrapServers))) {
      Set<String> present =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<String> created = new ArrayList<>();
      List<String> existing = new ArrayList<>();
      List<NewTopic> wanted = new ArrayList<>();
      for (NewTopic topic : topics) {
        if (present.contains(topic.name())) {
          existing.add(topic.name());
        } else {
          wanted.add(topic);
        }
      }
      for (var entry : admin.createTopics(wanted).values().entrySet()) {
        try {
          entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(),
                e.getCause());
          }
          existing.add(entry.getKey()); // another process created it between our list and create
        }
      }
      List<String> all = new ArrayList<>(created);
      all.addAll(existing);
      awaitWritable(admin, all);
      return new Result(List.copyOf(created), List.copyOf(existing));
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + bootstrapServers + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * A topic is usable once each partition has a leader that has opened it. A leader in the metadata
   * is not enough: just after creation the broker can still answer a produce with
   * NOT_LEADER_OR_FOLLOWER, and an idempotent producer whose first batch bounced while its second
   * was written then retries the first with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout
   * (seen in DurationModelITCase: two records lost after 120 s). A listOffsets answered by every
   * partition's leader goes through the same lookup as a produce, so it proves the partitions are
   * open. Returning only then makes "topics ensured" mean "ready to write".
   */
  private void awaitWritable(Admin admin, List<String> topics)
      throws InterruptedException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicDescription description :
            admin
                .describeTopics(topics)
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .values()) {
          for (TopicPartitionInfo p : description.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) {
              throw new LeaderNotAvailableException(description.name() + " has no leader yet");
            }
            partitions.put(
                new TopicPartition(description.name(), p.partition()), OffsetSpec.latest());
          }
        }
        admin
            .listOffsets(partitions)
            .all()
            .get(Math.min(timeout.toMillis(), 5_000), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException | TimeoutException | RetriableException e) {
        last = e; // created, not yet in this broker's metadata or not yet opened by its leader
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "topics " + topics + " are not writable after " + timeout + ": " + last);
      }
      Thread.sleep(50);
    }
  }

  /**
   * The topic the HTTP bridges share their own state through (accounts, keys, usage, idempotency
   * records, rate-limit takes): not a contract topic, read and written by the bridges only. Named
   * here, beside the contract's topics, so that whatever creates topics (the stack, {@code submit},
   * the Kubernetes manifests' test) needs nothing of the bridge's own code.
   */
  public static final String BRIDGE_STATE_TOPIC = "fleetstream.bridge_state.v1";

  /** Deletes stay on {@link #BRIDGE_STATE_TOPIC} this long; a bridge's copy older is rebuilt. */
  public static final long BRIDGE_STATE_DELETE_RETENTION_MS = 86_400_000L;

  /**
   * The configs of {@link #BRIDGE_STATE_TOPIC}: a table (compacted), deletes kept a day for bridges
   * that were down. It has one partition: its one order is what lets each bridge decide alone.
   */
  public static Map<String, String> bridgeStateConfig() {
    return Map.of(
        "cleanup.policy",
        "compact",
        "delete.retention.ms",
        Long.toString(BRIDGE_STATE_DELETE_RETENTION_MS));
  }

  /**
   * The topic-level configs {@code topic} is created with; the Kubernetes manifests' KafkaTopic
   * resources (deploy/k8s) carry the same.
   */
  public static Map<String, String> configFor(Topic topic) {
    // The dead-letter topic is the record of what we refused: keep it long. Telemetry is high
    // volume and only useful while fresh. The endpoints topic is a table (the latest event per
    // endpoint is its configuration): compacted, never deleted by age.
    return switch (topic) {
      case WEBHOOK_ENDPOINTS -> Map.of("cleanup.policy", "compact");
      case DLQ, AUDIT -> Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
      case TELEMETRY -> Map.of("retention.ms", Long.toString(Duration.ofDays(2).toMillis()));
      default -> Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis()));
    };
  }

  /** Builds a {@link TopicAdmin}. */
  public static final class Builder {
    private String bootstrapServers;
    private int partitions = 4;
    private short replicationFactor = 1;
    private final Map<Topic, Integer> partitionOverrides = new EnumMap<>(Topic.class);
    private final List<Extra> extras = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(30);

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /**
     * Partitions of every topic without an override; more partitions let Flink run more parallel.
     */
    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1");
      }
      this.partitions = partitions;
      return this;
    }

    public Builder partitions(Topic topic, int partitions) {
      partitionOverrides.put(topic, partitions);
      return this;
    }

    /**
     * Also creates {@code name}, a topic outside the contract (the bridges' shared state), with its
     * own partitions and configs and the replication factor of the others: created here, it is
     * replicated as the cluster is, where a client creating it itself gets the broker's default.
     */
    public Builder topic(String name, int partitions, Map<String, String> configs) {
      extras.add(new Extra(name, partitions, Map.copyOf(configs)));
      return this;
    }

    /** Also creates the bridges' state topic ({@link #BRIDGE_STATE_TOPIC}), one partition. */
    public Builder withBridgeState() {
      return topic(BRIDGE_STATE_TOPIC, 1, bridgeStateConfig());
    }

    public Builder replicationFactor(int replicationFactor) {
      this.replicationFactor = (short) replicationFactor;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public TopicAdmin build() {
      if (bootstrapServers == null) {
        throw new IllegalStateException("bootstrapServers is required");
      }
      return new TopicAdmin(this);
    }
  }
}
