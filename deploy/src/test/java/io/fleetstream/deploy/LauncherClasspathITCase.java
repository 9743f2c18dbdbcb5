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

  /**
   * Every {@code solve} and {@code bench solomon|lilim} command of docs/benchmarks.md, as written
   * but on small instances of the same format and with a 1 s limit: the command line a reader
   * copies is one the launcher accepts, peers included.
   */
  @Test
  void theSolverCommandsOfTheBenchmarksPageRun() throws Exception {
    Path solomonFile = Path.of("src/test/resources/solomon/C101-12.txt");
    Path lilimFile =
        Path.of("..", "routing", "src", "test", "resources", "lilim", "lc1_2_1-12.txt");
    Path solomonDir = Files.createDirectories(work.resolve("small-solomon"));
    Files.copy(solomonFile, solomonDir.resolve("C101-12.txt"));
    Path lilimDir = Files.createDirectories(work.resolve("small-lilim"));
    Files.copy(lilimFile, lilimDir.resolve("lc1_2_1-12.txt"));
    List<List<String>> documented =
        DocCommands.of(
            "benchmarks.md",
            verbs ->
                verbs.get(0).equals("solve")
                    || (verbs.size() > 1
                        && verbs.get(0).equals("bench")
                        && List.of("solomon", "lilim").contains(verbs.get(1))));
    assertThat(documented).hasSizeGreaterThanOrEqualTo(7);

    for (List<String> command : documented) {
      boolean lilim = command.contains("lilim") || command.contains("--lilim");
      List<String> args = new ArrayList<>();
      for (int i = 0; i < command.size(); i++) {
        String a = command.get(i);
        String next = i + 1 < command.size() ? command.get(i + 1) : null;
        switch (a) {
          case "--time-limit" -> args.addAll(List.of(a, "1s"));
          case "--out" ->
              args.addAll(List.of(a, work.resolve(Path.of(next).getFileName()).toString()));
          case "--solomon" -> args.addAll(List.of(a, solomonFile.toAbsolutePath().toString()));
          case "--lilim" -> args.addAll(List.of(a, lilimFile.toAbsolutePath().toString()));
          default -> {
            if (a.startsWith("../")) args.add((lilim ? lilimDir : solomonDir).toString());
            else args.add(a);
            continue;
          }
        }
        i++;
      }
      Result r = launcher(args.toArray(String[]::new));

      assertThat(r.code()).as(String.join(" ", command) + "\n" + r.out()).isZero();
      assertThat(r.out()).as(String.join(" ", command)).doesNotContain("failed");
      if (command.contains("--out")) {
        String json = command.get(command.indexOf("--out") + 1);
        Path written = work.resolve(Path.of(json).getFileName());
        assertThat(written).exists();
        assertThat(Path.of(written.toString().replace(".json", ".png"))).exists();
      }
    }
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
