package io.fleetstream.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorePointTest {

  @TempDir Path dataDir;
  private final Instant t0 = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void aCheckpointNewerThanTheLastSavepointWins() throws IOException {
    Path savepoint = snapshot(dataDir.resolve("savepoints/savepoint-abc"), t0);
    Files.writeString(dataDir.resolve("savepoints/LATEST"), savepoint.toUri().toString());
    Path checkpoint = snapshot(dataDir.resolve("checkpoints/job1/chk-7"), t0.plusSeconds(30));

    assertThat(RestorePoint.newest(dataDir))
        .contains(new RestorePoint(RestorePoint.Kind.CHECKPOINT, checkpoint, t0.plusSeconds(30)));
  }

  @Test
  void aSavepointNewerThanEveryCheckpointWins() throws IOException {
    snapshot(dataDir.resolve("checkpoints/job1/chk-7"), t0);
    Path savepoint = snapshot(dataDir.resolve("savepoints/savepoint-abc"), t0.plusSeconds(5));
    Files.writeString(dataDir.resolve("savepoints/LATEST"), savepoint.toString());

    assertThat(RestorePoint.newest(dataDir).map(RestorePoint::kind))
        .contains(RestorePoint.Kind.SAVEPOINT);
  }

  @Test
  void aCheckpointWithoutMetadataWasCutShortAndIsNoCandidate() throws IOException {
    Path complete = snapshot(dataDir.resolve("checkpoints/job1/chk-7"), t0);
    Files.createDirectories(dataDir.resolve("checkpoints/job1/chk-8"));
    Path empty = dataDir.resolve("checkpoints/job1/chk-9");
    Files.createDirectories(empty);
    Files.createFile(empty.resolve("_metadata"));

    assertThat(RestorePoint.candidates(dataDir))
        .extracting(RestorePoint::path)
        .containsExactly(complete);
  }

  @Test
  void candidatesComeNewestFirstAcrossRuns() throws IOException {
    Path older = snapshot(dataDir.resolve("checkpoints/job1/chk-7"), t0);
    Path newer = snapshot(dataDir.resolve("checkpoints/job2/chk-2"), t0.plusSeconds(60));
    Path middle = snapshot(dataDir.resolve("checkpoints/job1/chk-8"), t0.plusSeconds(1));

    assertThat(RestorePoint.candidates(dataDir))
        .extracting(RestorePoint::path)
        .containsExactly(newer, middle, older);
  }

  @Test
  void metadataFlinkCannotReadIsNotReadable() throws IOException {
    Path checkpoint = snapshot(dataDir.resolve("checkpoints/job1/chk-7"), t0);

    assertThat(RestorePoint.newest(dataDir).orElseThrow().readable()).isFalse();
    assertThat(checkpoint).exists();
  }

  @Test
  void pruningKeepsTheRunningJobsAndTheRestoredRunsCheckpointsOnly() throws IOException {
    snapshot(dataDir.resolve("checkpoints/old/chk-1"), t0);
    Path restored = snapshot(dataDir.resolve("checkpoints/restored/chk-9"), t0.plusSeconds(1));
    Files.createDirectories(dataDir.resolve("checkpoints/running/chk-1"));

    RestorePoint.pruneCheckpoints(
        dataDir,
        "running",
        Optional.of(new RestorePoint(RestorePoint.Kind.CHECKPOINT, restored, t0.plusSeconds(1))));

    assertThat(dataDir.resolve("checkpoints/old")).doesNotExist();
    assertThat(restored).exists();
    assertThat(dataDir.resolve("checkpoints/running/chk-1")).exists();
  }

  @Test
  void noSnapshotsNoCandidates() {
    assertThat(RestorePoint.newest(dataDir)).isEmpty();
  }

  /**
   * A snapshot directory whose metadata (not a real one: these tests look at files only) was
   * written at {@code at}.
   */
  private static Path snapshot(Path dir, Instant at) throws IOException {
    Files.createDirectories(dir);
    Path metadata = dir.resolve("_metadata");
    Files.writeString(metadata, "not really flink metadata");
    Files.setLastModifiedTime(metadata, FileTime.from(at));
    return dir;
  }
}
