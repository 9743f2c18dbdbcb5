package io.fleetstream.deploy.local;

import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.jobs.DispatchJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a starting dispatch job takes its state from, whether on the embedded stack or a cluster:
 * the newest snapshot Flink can read in a state directory ({@code savepoints/LATEST} after an
 * orderly stop, the last completed checkpoint under {@code checkpoints/} after a crash); with none
 * but a consumer group that already read the topics, the input topics read again from the beginning
 * ({@code rebuild}); else nothing (a first start).
 */
public record Resumption(Optional<RestorePoint> restorePoint, boolean rebuild) {

  private static final Logger LOG = LoggerFactory.getLogger(Resumption.class);

  /** Decides for the snapshots in {@code stateDir} and the group's offsets on {@code bootstrap}. */
  public static Resumption choose(Path stateDir, String bootstrapServers) {
    Optional<RestorePoint> point = newestReadable(stateDir);
    boolean rebuild = point.isEmpty() && groupHasCommittedOffsets(bootstrapServers);
    if (rebuild) {
      LOG.warn(
          "no savepoint or checkpoint to resume from, but the dispatch job had read its topics before: "
              + "reading jobs, drivers and commands again from the beginning to rebuild its state");
    }
    return new Resumption(point, rebuild);
  }

  /** For people: what the job resumes from, or null for a first start. */
  public String describe() {
    return restorePoint
        .map(RestorePoint::describe)
        .orElse(rebuild ? "the input topics (no snapshot left)" : null);
  }

  /** Records where a stop-with-savepoint wrote its savepoint, for the next start. */
  public static void recordSavepoint(Path stateDir, String location) throws IOException {
    Path dir = Files.createDirectories(stateDir.resolve("savepoints"));
    Files.writeString(dir.resolve("LATEST"), location);
  }

  private static Optional<RestorePoint> newestReadable(Path stateDir) {
    for (RestorePoint candidate : RestorePoint.candidates(stateDir)) {
      if (candidate.readable()) {
        LOG.info("resuming from {} (taken {})", candidate.describe(), candidate.takenAt());
        return Optional.of(candidate);
      }
      LOG.warn(
          "skipping {}: its metadata cannot be read (cut short by a crash?)", candidate.describe());
    }
    LOG.info(
        "no savepoint or checkpoint in {}: the dispatch job starts with empty state", stateDir);
    return Optional.empty();
  }

  private static boolean groupHasCommittedOffsets(String bootstrapServers) {
    try (Admin admin = Admin.create(KafkaClientSettings.admin(bootstrapServers))) {
      return admin
          .listConsumerGroupOffsets(DispatchJob.CONSUMER_GROUP)
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS)
          .values()
          .stream()
          .anyMatch(o -> o != null && o.offset() > 0);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read the dispatch job's committed offsets: " + e.getMessage(), e);
    }
  }
}
