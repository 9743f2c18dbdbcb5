package io.fleetstream.deploy.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes one target by running its {@code @FuzzTest} through the Maven Wrapper of a source checkout
 * with {@code JAZZER_FUZZ=1}.
 *
 * <p>Why Maven and not an in-process JUnit launcher: fuzz tests live in the modules' test sources
 * and need the test classpath (JUnit, Jazzer, the modules' test resources with the committed
 * corpus), which the launcher's {@code deploy/target/lib} does not have, and Jazzer fuzzes only one
 * test per JVM. {@code bin/fleetstream} is always run from a source checkout, so the wrapper is
 * there; the reactor ({@code -am}) compiles what changed, and libFuzzer's {@code -max_total_time}
 * (passed through Jazzer's {@code jazzer.internal.arg.*} parameters, which come after the
 * annotation's {@code maxDuration}) bounds the run. The generated corpus stays in {@code
 * <module>/.cifuzz-corpus/} (ignored by git) and grows from run to run; a crashing input is written
 * into the test's {@code Inputs} directory, where the next {@code ./mvnw verify} replays it.
 */
public final class MavenFuzzRun {

  /** How one run ended. */
  public record Result(
      FuzzTarget target,
      long executed,
      List<String> findings,
      List<String> artifacts,
      int exitCode,
      Duration took,
      Path log) {

    public boolean crashed() {
      return !findings.isEmpty() || !artifacts.isEmpty();
    }

    /** Maven failed without a finding: a build or setup problem, not a fuzzing result. */
    public boolean broken() {
      return exitCode != 0 && !crashed();
    }
  }

  private final Path sourceRoot;
  private final boolean offline;

  public MavenFuzzRun(Path sourceRoot, boolean offline) {
    this.sourceRoot = sourceRoot;
    this.offline = offline;
  }

  /** The command line, for the user and the log. */
  public List<String> command(FuzzTarget target, long seconds) {
    List<String> cmd = new ArrayList<>(List.of(sourceRoot.resolve("mvnw").toString(), "-q"));
    if (offline) {
      cmd.add("-o");
    }
    cmd.addAll(
        List.of(
            "test",
            "-pl",
            target.module(),
            "-am",
            "-Dtest=" + target.testFilter(),
            "-Dsurefire.failIfNoSpecifiedTests=false",
            // The build turns instrumentation off for corpus replays (see the parent pom); fuzzing
            // needs it.
            "-Djazzer.hooks=true",
            "-Djazzer.internal.arg.0=fuzz",
            "-Djazzer.internal.arg.1=-max_total_time=" + seconds,
            "-Djazzer.internal.arg.2=-timeout=" + target.inputTimeoutSeconds()));
    return cmd;
  }

  /**
   * Runs the target for about {@code seconds} of fuzzing, printing progress lines to {@code out}.
   */
  public Result run(FuzzTarget target, long seconds, PrintWriter out) {
    Path log = sourceRoot.resolve("target").resolve("fuzz").resolve(target.name() + ".log");
    FuzzOutput output = new FuzzOutput();
    long start = System.nanoTime();
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(command(target, seconds))
              .directory(sourceRoot.toFile())
              .redirectErrorStream(true);
      pb.environment().put("JAZZER_FUZZ", "1");
      Process process = pb.start();
      try (BufferedReader lines =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter file =
              new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
        file.println("$ JAZZER_FUZZ=1 " + String.join(" ", command(target, seconds)));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          file.println(line);
          String progress = output.accept(line);
          if (progress != null) {
            out.printf("  [%s] %s%n", target.name(), progress);
            out.flush();
          }
        }
      }
      int exit = process.waitFor();
      return new Result(
          target,
          output.executed(),
          output.findings(),
          output.artifacts(),
          exit,
          Duration.ofNanos(System.nanoTime() - start),
          log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fuzzing " + target.name(), e);
    }
  }
}
