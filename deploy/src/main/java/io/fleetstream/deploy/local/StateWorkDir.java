package io.fleetstream.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Where the dispatch job's RocksDB keeps its working files: in shared memory ({@code /dev/shm})
 * when the machine has it with room to spare, else under the data directory.
 *
 * <p>Why memory: every checkpoint flushes RocksDB's memtables into files and syncs them. On this
 * project's machine, with the broker writing to the same disk, those syncs took most of a
 * checkpoint (about 200 ms of the 250 ms interval), and outputs wait for their checkpoint. The
 * working files are rebuilt from the checkpoints (which stay on disk) on every restore, so losing
 * them with the machine loses nothing.
 *
 * <p>The directory is named after the data directory, so the files of a run that was killed are
 * cleared by the next run on the same data, not left in memory.
 */
public final class StateWorkDir {

  public static final Path SHARED_MEMORY = Path.of("/dev/shm");

  /**
   * Shared memory is used only with this much free: the state of a large fleet is a few hundred MB.
   */
  static final long MIN_FREE_BYTES = 2L << 30;

  private static final String PREFIX = "fleetstream-state-";

  /** Names the data directory a working directory belongs to. */
  private static final String OWNER = "data-dir";

  private StateWorkDir() {}

  /** An empty working directory for the job on {@code dataDir}. */
  public static Path prepare(Path dataDir) {
    return prepare(dataDir, SHARED_MEMORY, MIN_FREE_BYTES);
  }

  static Path prepare(Path dataDir, Path sharedMemory, long minFreeBytes) {
    try {
      if (!hasRoom(sharedMemory, minFreeBytes)) {
        Path dir = dataDir.resolve("rocksdb");
        delete(dir);
        return Files.createDirectories(dir);
      }
      deleteOrphans(sharedMemory);
      Path dir = sharedMemory.resolve(PREFIX + idOf(dataDir));
      delete(dir);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(OWNER), dataDir.toAbsolutePath().normalize().toString());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare the state working directory for " + dataDir, e);
    }
  }

  /** Removes the directory and everything in it, if it exists. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Working directories whose data directory is gone (a test's temporary one, say, whose stack was
   * killed): nobody will start on that data again to clear them, and they hold memory.
   */
  private static void deleteOrphans(Path sharedMemory) throws IOException {
    try (Stream<Path> dirs = Files.list(sharedMemory)) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
        Path owner = dir.resolve(OWNER);
        if (Files.isRegularFile(owner) && !Files.exists(Path.of(Files.readString(owner).trim()))) {
          delete(dir);
        }
      }
    }
  }

  private static boolean hasRoom(Path sharedMemory, long minFreeBytes) {
    try {
      return Files.isDirectory(sharedMemory)
          && Files.isWritable(sharedMemory)
          && Files.getFileStore(sharedMemory).getUsableSpace() >= minFreeBytes;
    } catch (IOException e) {
      return false;
    }
  }

  private static String idOf(Path dataDir) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
