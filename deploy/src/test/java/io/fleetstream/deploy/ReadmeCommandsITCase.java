package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands are the ones that run: CI runs the README's test command, and the launcher
 * script the README names starts and answers.
 */
class ReadmeCommandsITCase {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dataDir;

  @Test
  void ciRunsExactlyTheReadmeTestCommand() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String ci = Files.readString(ROOT.resolve(".ci/run"));

    assertThat(readme)
        .contains("```\nbin/fleetstream demo\n```")
        .contains("```\n./mvnw verify\n```");
    assertThat(ci.lines().map(String::trim).filter(l -> l.startsWith("./mvnw")).toList())
        .containsExactly("./mvnw verify || status=$?");
  }

  @Test
  void theLauncherScriptRunsTheCliAndReportsAStoppedStack() throws Exception {
    Result help = run(ROOT.resolve("bin/fleetstream").toString(), "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("up", "status", "down", "demo");

    Result status =
        run(
            ROOT.resolve("bin/fleetstream").toString(),
            "status",
            "--json",
            "--data-dir",
            dataDir.toString());
    assertThat(status.code()).as("status of a stack that was never started").isEqualTo(3);
    assertThat(new ObjectMapper().readTree(status.out()).path("state").asText())
        .isEqualTo("stopped");
  }

  /**
   * The README's product command through the launcher script, as a user runs it: the stack then
   * runs on the script's class path ({@code deploy/target/lib}), not on the test's, which holds
   * every module's test dependencies too. A class the supervisor reached that only the bridge's own
   * JVM has (SnakeYAML, through {@code ApiBridge}) failed the demo while every in-process test
   * passed.
   */
  @Test
  void theReadmesDemoRunsThroughTheLauncherScript() throws Exception {
    Result demo =
        run(
            ROOT.resolve("bin/fleetstream").toString(),
            "demo",
            "--timeout",
            "120",
            "--rehearsal",
            "off",
            "--data-dir",
            dataDir.toString());
    Path stackLog = dataDir.resolve("logs").resolve("stack.log");
    assertThat(demo.code())
        .as(
            () ->
                demo.out() + (Files.exists(stackLog) ? uncheckedRead(stackLog) : "(no stack log)"))
        .isZero();
    assertThat(demo.out())
        .contains("signature verified")
        .containsPattern("summary: \\d+ jobs assigned");
  }

  private static String uncheckedRead(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  record Result(int code, String out) {}

  private static Result run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(ROOT.toFile())
            .redirectErrorStream(false)
            // Not read: a full pipe would stop the child. Failures show in stdout and the logs.
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
