package io.fleetstream.broker.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The JDK's application class-data sharing (AppCDS) for a child JVM: the first start of a child on
 * a given classpath writes an archive of the classes it loaded when it exits; later starts map that
 * archive instead of loading, verifying and parsing the same classes again. A bridge starts in
 * about 3.5 s instead of 7–8.5 s on a 2-core machine, and every stack start runs three such
 * children.
 *
 * <p>Archives live in a per-user cache ({@code $FLEETSTREAM_CDS_DIR}, else {@code
 * $XDG_CACHE_HOME/fleetstream/cds}, else {@code ~/.cache/fleetstream/cds}; {@code
 * FLEETSTREAM_CDS_DIR=off} turns sharing off), named by the child and a digest of the JVM and of
 * every classpath entry's path, size and modification time, so a rebuilt jar or another JDK never
 * meets a stale archive. A child writes its archive under a temporary name; the parent adopts it
 * only once the child has exited on its own (a child killed mid-write leaves a file that is never
 * used). The two most recently used archives per child are kept.
 *
 * <p>The JDK refuses to archive from a classpath whose entries include a non-empty directory before
 * the last jar it loaded a class from; such a classpath (a build's {@code target/classes}) simply
 * gets no sharing. Directories that only hold resources belong at the end of the classpath.
 */
public final class ClassDataSharing {

  /** Environment variable naming the archive directory, or {@code off}. */
  public static final String DIR_ENV = "FLEETSTREAM_CDS_DIR";

  private static final String SUFFIX = ".jsa";
  private static final int KEEP_PER_CHILD = 2;
  private static final Duration STALE_PART = Duration.ofHours(1);
  private static final ClassDataSharing OFF = new ClassDataSharing(List.of(), null, null);

  private final List<String> jvmOptions;
  private final Path written;
  private final Path archive;

  private ClassDataSharing(List<String> jvmOptions, Path written, Path archive) {
    this.jvmOptions = jvmOptions;
    this.written = written;
    this.archive = archive;
  }

  /** Sharing for a child called {@code name} (letters, digits, dashes) on {@code classpath}. */
  public static ClassDataSharing forChild(String name, String classpath) {
    return forChild(name, classpath, cacheDir(System.getenv()));
  }

  /** As {@link #forChild(String, String)}, with archives in {@code dir} ({@code null}: off). */
  public static ClassDataSharing forChild(String name, String classpath, Path dir) {
    if (dir == null || !name.matches("[a-z0-9-]+")) {
      return OFF;
    }
    List<String> entries = List.of(classpath.split(File.pathSeparator));
    int lastJar = lastJar(entries);
    if (lastJar < 0 || !archivable(entries.subList(0, lastJar))) {
      return OFF;
    }
    try {
      Files.createDirectories(dir);
      // What follows the last jar (a directory of resources, which may differ from start to
      // start) is not part of what the JDK checks an archive against.
      String prefix = name + "-" + digest(entries.subList(0, lastJar + 1)) + SUFFIX;
      Path archive = dir.resolve(prefix);
      if (Files.isRegularFile(archive)) {
        // Its modification time is the last use, for pruning.
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
      }
      prune(dir, name);
      if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
        return new ClassDataSharing(
            List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds*=off"),
            null,
            archive);
      }
      Path part = dir.resolve(prefix + "." + UUID.randomUUID() + ".part");
      return new ClassDataSharing(
          List.of("-XX:ArchiveClassesAtExit=" + part, "-Xlog:cds*=off"), part, archive);
    } catch (IOException | RuntimeException e) {
      // A cache that cannot be written costs start-up time, never a start.
      return OFF;
    }
  }

  /** Options to put before the child's own JVM options; empty when sharing is off. */
  public List<String> jvmOptions() {
    return jvmOptions;
  }

  /** Whether this start maps an existing archive (rather than writing one, or neither). */
  public boolean uses() {
    return written == null && archive != null;
  }

  /**
   * For a parent that will not see the child exit (a detached stack, stopped later by another
   * process): records in {@code file} where the child writes its archive (or removes {@code file}
   * when it writes none), for {@link #settleRecorded} once the child has exited.
   */
  public void recordIn(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (written == null) {
      Files.deleteIfExists(file);
    } else {
      Files.writeString(file, written.toString());
    }
  }

  /**
   * Once the child of a {@link #recordIn} has exited: its archive serves later starts if it exited
   * on its own ({@code exitedItself}), else it is dropped; {@code file} is removed either way.
   */
  public static void settleRecorded(Path file, boolean exitedItself) {
    try {
      if (Files.exists(file)) {
        settle(Path.of(Files.readString(file).trim()), exitedItself);
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a cache: the next start writes one again
    }
  }

  /**
   * Called once {@code child} has exited: an archive it wrote on a clean exit (not one cut short by
   * SIGKILL) becomes the one later starts use.
   */
  public void childExited(Process child) {
    if (written != null && !child.isAlive()) {
      settle(written, child.exitValue() != 128 + 9);
    }
  }

  /**
   * A written archive becomes the one later starts use if its child exited cleanly (one cut short
   * may be incomplete and is deleted); nothing happens if the child wrote none.
   */
  private static void settle(Path part, boolean clean) {
    String name = part.getFileName().toString();
    int cut = name.indexOf(SUFFIX + ".");
    if (cut < 0 || !name.endsWith(".part")) {
      return;
    }
    try {
      if (!clean) {
        Files.deleteIfExists(part);
      } else if (Files.isRegularFile(part) && Files.size(part) > 0) {
        Files.move(
            part,
            part.resolveSibling(name.substring(0, cut + SUFFIX.length())),
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      // not adopted: the next start writes one again (a stale part is pruned within the hour)
    }
  }

  static Path cacheDir(Map<String, String> env) {
    String own = env.get(DIR_ENV);
    if (own != null && !own.isBlank()) {
      return own.equalsIgnoreCase("off") ? null : Path.of(own);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("fleetstream").resolve("cds");
  }

  private static int lastJar(List<String> entries) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).endsWith(".jar")) {
        return i;
      }
    }
    return -1;
  }

  /** No non-empty directory among {@code leading} (the JDK would refuse to write the archive). */
  private static boolean archivable(List<String> leading) {
    return leading.stream().map(Path::of).noneMatch(p -> Files.isDirectory(p) && !emptyDir(p));
  }

  private static boolean emptyDir(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static String digest(List<String> entries) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, System.getProperty("java.home"));
      update(sha, System.getProperty("java.vm.version"));
      for (String entry : entries) {
        Path p = Path.of(entry);
        update(sha, entry);
        if (Files.isRegularFile(p)) {
          update(sha, Files.size(p) + "/" + Files.getLastModifiedTime(p).toMillis());
        }
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void update(MessageDigest sha, String s) {
    sha.update(s.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }

  /** Keeps the most recently used archives of {@code name}; drops parts a dead child left. */
  private static void prune(Path dir, String name) throws IOException {
    Instant staleBefore = Instant.now().minus(STALE_PART);
    List<Path> archives;
    try (Stream<Path> s = Files.list(dir)) {
      archives =
          s.filter(p -> p.getFileName().toString().matches(name + "-[0-9a-f]{16}\\.jsa.*"))
              .toList();
    }
    for (Path p : archives) {
      if (p.toString().endsWith(".part") && modified(p).isBefore(staleBefore)) {
        Files.deleteIfExists(p);
      }
    }
    List<Path> finished =
        archives.stream()
            .filter(p -> p.toString().endsWith(SUFFIX))
            .sorted(Comparator.comparing(ClassDataSharing::modified).reversed())
            .toList();
    for (Path old : finished.subList(Math.min(finished.size(), KEEP_PER_CHILD), finished.size())) {
      Files.deleteIfExists(old);
    }
  }

  private static Instant modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }
}
