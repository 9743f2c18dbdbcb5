package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the launcher runs on: {@code target/lib} as {@code bin/fleetstream} uses it, in a JVM of its
 * own. Benchmark-only peers stay off it, and importing a map prints no protobuf warnings (it
 * printed one "Vulnerable protobuf generated type" block per OSM message type in every command
 * before).
 */
class LauncherClasspathITCase {

  private static final Path TARGET = Path.of("target").toAbsolutePath();

  @TempDir Path work;

  @Test
  void benchmarkPeersAreNotOnTheLaunchersClasspath() throws Exception {
    try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("ortools"));
    }
    try (Stream<Path> peers = Files.list(TARGET.resolve("peers"))) {
      assertThat(peers.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("ortools-java"));
    }
  }

  @Test
  void importingTheMapPrintsNoProtobufWarnings() throws Exception {
    Result matrix = launcher("matrix", "--points", "5");

    assertThat(matrix.code()).as(matrix.out()).isZero();
    assertThat(matrix.out()).contains("5×5 matrix").doesNotContain("Vulnerable protobuf");
  }

  @Test
  void theOrToolsPeerRunsFromItsOwnFolder() throws Exception {
    Path instances = Files.createDirectories(work.resolve("solomon"));
    Files.copy(
        Path.of("..", "routing", "src", "test", "resources", "solomon", "C101.txt"),
        instances.resolve("C101.txt"));

    Result bench =
        launcher(
            "bench",
            "solomon",
            instances.toString(),
            "--time-limit",
            "1s",
            "--peers",
            "--out",
            work.resolve("solomon.json").toString());

    assertThat(bench.code()).as(bench.out()).isZero();
    assertThat(bench.out())
        .contains("or-tools")
        .doesNotContain("failed")
        .doesNotContain("Vulnerable protobuf");
  }

  record Result(int code, String out) {}

  private Result launcher(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                TARGET.resolve("lib") + "/*",
                Fleetstream.class.getName()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
