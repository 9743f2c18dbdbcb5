package io.fleetstream.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateWorkDirTest {

  @TempDir Path shm;
  @TempDir Path data;

  @Test
  void inSharedMemoryWithRoomTheDirectoryIsThereAndNamedAfterTheDataDirectory() throws Exception {
    Path dir = StateWorkDir.prepare(data, shm, 1);
    Path again = StateWorkDir.prepare(data, shm, 1);
    Path other = StateWorkDir.prepare(data.resolve("other"), shm, 1);

    assertThat(dir).startsWith(shm).isDirectory().isEqualTo(again);
    assertThat(other).startsWith(shm).isNotEqualTo(dir);
  }

  @Test
  void whatAKilledRunLeftIsClearedByTheNextOnTheSameData() throws Exception {
    Path dir = StateWorkDir.prepare(data, shm, 1);
    Files.createDirectories(dir.resolve("job_1/db"));
    Files.writeString(dir.resolve("job_1/db/000001.sst"), "left behind");

    Path next = StateWorkDir.prepare(data, shm, 1);

    assertThat(next).isEqualTo(dir);
    assertThat(next.resolve("job_1")).doesNotExist();
  }

  @Test
  void theFilesOfADataDirectoryThatIsGoneAreDeletedByTheNextStart() throws Exception {
    Path gone = Files.createDirectories(data.resolve("temporary"));
    Path orphan = StateWorkDir.prepare(gone, shm, 1);
    Path kept = StateWorkDir.prepare(data, shm, 1);
    Files.delete(gone);

    StateWorkDir.prepare(data.resolve("another"), shm, 1);

    assertThat(orphan).doesNotExist();
    assertThat(kept).isDirectory();
  }

  @Test
  void withoutRoomInSharedMemoryTheFilesStayUnderTheDataDirectory() {
    assertThat(StateWorkDir.prepare(data, shm, Long.MAX_VALUE))
        .isEqualTo(data.resolve("rocksdb"))
        .isDirectory();
    assertThat(StateWorkDir.prepare(data, shm.resolve("missing"), 1))
        .isEqualTo(data.resolve("rocksdb"));
  }

  @Test
  void deleteRemovesTheTree() throws Exception {
    Path dir = StateWorkDir.prepare(data, shm, 1);
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/b/c"), "x");

    StateWorkDir.delete(dir);

    assertThat(dir).doesNotExist();
  }
}
