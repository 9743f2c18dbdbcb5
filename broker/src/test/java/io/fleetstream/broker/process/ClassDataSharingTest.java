package io.fleetstream.broker.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs: the first start writes an archive, the next maps its classes from it. */
class ClassDataSharingTest {

  @TempDir Path tmp;

  @Test
  void theSecondStartLoadsTheChildsClassesFromTheArchiveTheFirstWrote() throws Exception {
    Path jar = helloJar();
    Path cache = tmp.resolve("cds");

    ClassDataSharing first = ClassDataSharing.forChild("hello", jar.toString(), cache);
    assertThat(first.uses()).isFalse();
    assertThat(first.jvmOptions()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    Run run1 = run(first, jar);
    assertThat(run1.out)
        .contains("hello from the child")
        .doesNotContain("test.Hello source: shared objects file");
    assertThat(archives(cache)).hasSize(1);

    ClassDataSharing second = ClassDataSharing.forChild("hello", jar.toString(), cache);
    assertThat(second.uses()).isTrue();
    Run run2 = run(second, jar);
    assertThat(run2.code).isZero();
    assertThat(run2.out)
        .contains("hello from the child")
        .containsPattern("test\\.Hello source: shared objects file \\(top\\)");
  }

  /**
   * The stack supervisor's way: the parent that starts the child is gone when it exits, so the
   * archive's place is recorded in a file and settled by whoever saw the exit.
   */
  @Test
  void aRecordedArchiveServesLaterStartsOnlyIfItsChildExitedItself() throws Exception {
    Path jar = helloJar();
    Path cache = tmp.resolve("cds");
    Path record = tmp.resolve("run/class-data.pending");

    ClassDataSharing forced = ClassDataSharing.forChild("hello", jar.toString(), cache);
    forced.recordIn(record);
    assertThat(record).exists();
    runWithoutSettling(forced, jar);
    ClassDataSharing.settleRecorded(record, false);
    assertThat(record).doesNotExist();
    assertThat(ClassDataSharing.forChild("hello", jar.toString(), cache).uses()).isFalse();
    try (Stream<Path> s = Files.list(cache)) {
      assertThat(s.toList()).as("the unadopted archive is gone").isEmpty();
    }

    ClassDataSharing clean = ClassDataSharing.forChild("hello", jar.toString(), cache);
    clean.recordIn(record);
    runWithoutSettling(clean, jar);
    ClassDataSharing.settleRecorded(record, true);
    ClassDataSharing next = ClassDataSharing.forChild("hello", jar.toString(), cache);
    assertThat(next.uses()).isTrue();
    Files.writeString(record, "left by an earlier start");
    next.recordIn(record);
    assertThat(record).as("a start that writes nothing records nothing").doesNotExist();
  }

  @Test
  void aRebuiltJarGetsItsOwnArchiveAndOnlyTheTwoLatestAreKept() throws Exception {
    Path jar = helloJar();
    Path cache = tmp.resolve("cds");
    for (int build = 1; build <= 3; build++) {
      Files.setLastModifiedTime(jar, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + build)));
      ClassDataSharing sharing = ClassDataSharing.forChild("hello", jar.toString(), cache);
      assertThat(sharing.uses()).as("build %d is new", build).isFalse();
      run(sharing, jar);
    }
    // The next start prunes before it decides.
    ClassDataSharing latest = ClassDataSharing.forChild("hello", jar.toString(), cache);
    assertThat(latest.uses()).isTrue();
    assertThat(archives(cache)).hasSize(2);
  }

  @Test
  void aNonEmptyDirectoryMayOnlyFollowTheJars() throws Exception {
    Path jar = helloJar();
    Path cache = tmp.resolve("cds");
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    Files.writeString(classes.resolve("x.properties"), "a=b");
    String ledByDir = classes + java.io.File.pathSeparator + jar;
    assertThat(ClassDataSharing.forChild("hello", ledByDir, cache).jvmOptions()).isEmpty();
    // A resource directory after the jars is fine, and which one it is does not matter.
    String endedByDir = jar + java.io.File.pathSeparator + classes;
    run(ClassDataSharing.forChild("hello", endedByDir, cache), endedByDir);
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("y.properties"), "c=d");
    String endedByOther = jar + java.io.File.pathSeparator + other;
    ClassDataSharing next = ClassDataSharing.forChild("hello", endedByOther, cache);
    assertThat(next.uses()).isTrue();
    assertThat(run(next, endedByOther).out)
        .containsPattern("test\\.Hello source: shared objects file \\(top\\)");
  }

  @Test
  void theCacheDirectoryFollowsTheEnvironment() {
    assertThat(ClassDataSharing.cacheDir(Map.of(ClassDataSharing.DIR_ENV, "off"))).isNull();
    assertThat(ClassDataSharing.cacheDir(Map.of(ClassDataSharing.DIR_ENV, "/x/cds")))
        .isEqualTo(Path.of("/x/cds"));
    assertThat(ClassDataSharing.cacheDir(Map.of("XDG_CACHE_HOME", "/c")))
        .isEqualTo(Path.of("/c/fleetstream/cds"));
    assertThat(ClassDataSharing.cacheDir(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "fleetstream", "cds"));
  }

  private record Run(int code, String out) {}

  private Run run(ClassDataSharing sharing, Object classpath) throws Exception {
    Process p = start(sharing, classpath.toString(), "say");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    sharing.childExited(p);
    return new Run(p.exitValue(), out);
  }

  private static void runWithoutSettling(ClassDataSharing sharing, Path jar) throws Exception {
    Process p = start(sharing, jar.toString(), "say");
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  private static Process start(ClassDataSharing sharing, String classpath, String arg)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(sharing.jvmOptions());
    command.add("-Xlog:class+load=info:stdout");
    command.addAll(List.of("-cp", classpath, "test.Hello", arg));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static List<Path> archives(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> p.toString().endsWith(".jsa")).toList();
    }
  }

  /** A one-class jar, compiled here: the child must load its own class from a jar to archive it. */
  private Path helloJar() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/test")).resolve("Hello.java");
    Files.writeString(
        src,
        "package test; public class Hello { public static void main(String[] a) throws Exception {"
            + " System.out.println(\"hello from the child\"); } }");
    Path out = Files.createDirectories(tmp.resolve("out"));
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", out.toString(), src.toString());
    assertThat(rc).isZero();
    Path jar = tmp.resolve("hello.jar");
    try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
      j.putNextEntry(new JarEntry("test/Hello.class"));
      j.write(Files.readAllBytes(out.resolve("test/Hello.class")));
      j.closeEntry();
    }
    return jar;
  }
}
