package io.fleetstream.deploy.local;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;

/**
 * A snapshot the dispatch job can resume from: the savepoint an orderly {@code down} took, or a
 * checkpoint the job completed before it was killed. The stack resumes from the newest one, so a
 * crash replays only what came after its last checkpoint and never older, already-decided input.
 *
 * @param kind what took it
 * @param path the snapshot's directory (the one holding {@code _metadata})
 * @param takenAt when its metadata was written
 */
public record RestorePoint(Kind kind, Path path, Instant takenAt) {

  /** Who wrote the snapshot. */
  public enum Kind {
    SAVEPOINT("savepoint"),
    CHECKPOINT("checkpoint");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private static final String METADATA = "_metadata";
  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");

  /** What {@code up} prints and the status file records: kind and location. */
  public String describe() {
    return kind.label() + " " + path;
  }

  /**
   * Every complete snapshot under {@code dataDir}, newest first. A checkpoint counts only once its
   * {@code _metadata} exists: Flink writes that last, so a directory without it was cut short.
   */
  public static List<RestorePoint> candidates(Path dataDir) {
    List<RestorePoint> found = new ArrayList<>();
    latestSavepoint(dataDir).ifPresent(found::add);
    found.addAll(checkpoints(dataDir.resolve("checkpoints")));
    found.sort(Comparator.comparing(RestorePoint::takenAt).reversed());
    return found;
  }

  /** The newest complete snapshot, if there is one. */
  public static Optional<RestorePoint> newest(Path dataDir) {
    return candidates(dataDir).stream().findFirst();
  }

  /**
   * True when Flink can read the snapshot's metadata. A checkpoint cut short by a kill while its
   * metadata was being written fails here, so the stack falls back to the one before it.
   */
  public boolean readable() {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(path.resolve(METADATA)))) {
      Checkpoints.loadCheckpointMetadata(
          in, RestorePoint.class.getClassLoader(), path.toUri().toString());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Deletes the checkpoint directories of every run but {@code runningJobId}'s and the restored
   * one's. Flink restores in NO_CLAIM mode, whose first checkpoint is a full one, so nothing the
   * running job writes refers to the older runs' files; the restored run's directory stays until
   * the next start, when the running job's own checkpoints have replaced it.
   */
  public static void pruneCheckpoints(
      Path dataDir, String runningJobId, Optional<RestorePoint> restored) {
    Path root = dataDir.resolve("checkpoints");
    if (!Files.isDirectory(root)) {
      return;
    }
    Path restoredRun =
        restored
            .filter(p -> p.kind() == Kind.CHECKPOINT)
            .map(p -> p.path().getParent())
            .orElse(null);
    try (Stream<Path> runs = Files.list(root)) {
      for (Path run : runs.filter(Files::isDirectory).toList()) {
        if (!run.equals(restoredRun) && !run.getFileName().toString().equals(runningJobId)) {
          StateWorkDir.delete(run);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune " + root, e);
    }
  }

  private static Optional<RestorePoint> latestSavepoint(Path dataDir) {
    Path latest = dataDir.resolve("savepoints").resolve("LATEST");
    try {
      if (!Files.exists(latest)) {
        return Optional.empty();
      }
      String location = Files.readString(latest).trim();
      Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
      return complete(Kind.SAVEPOINT, path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + latest, e);
    }
  }

  private static List<RestorePoint> checkpoints(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    // <root>/<job id>/chk-<n>/_metadata
    try (Stream<Path> found =
        Files.find(root, 2, (p, attrs) -> attrs.isDirectory() && isCheckpointDir(p))) {
      return found.map(p -> complete(Kind.CHECKPOINT, p)).flatMap(Optional::stream).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  private static boolean isCheckpointDir(Path p) {
    Matcher m = CHECKPOINT_DIR.matcher(p.getFileName().toString());
    return m.matches();
  }

  private static Optional<RestorePoint> complete(Kind kind, Path dir) {
    Path metadata = dir.resolve(METADATA);
    try {
      if (!Files.isRegularFile(metadata) || Files.size(metadata) == 0) {
        return Optional.empty();
      }
      FileTime written = Files.getLastModifiedTime(metadata);
      return Optional.of(new RestorePoint(kind, dir, written.toInstant()));
    } catch (IOException e) {
      return Optional.empty(); // deleted while we looked: not a candidate
    }
  }
}
