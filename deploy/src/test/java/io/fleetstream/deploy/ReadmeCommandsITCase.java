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

  record Result(int code, String out) {}

  private static Result run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(ROOT.toFile())
            .redirectErrorStream(false)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
