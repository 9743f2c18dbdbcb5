package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.fuzz.FuzzTarget;
import io.fleetstream.deploy.fuzz.MavenFuzzRun;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fuzz}: runs the Jazzer fuzz tests in fuzzing mode for a total time, split over the
 * targets, and ends with a table of inputs executed and crashes. Needs the source checkout (see
 * {@link MavenFuzzRun} for why it drives the Maven Wrapper).
 */
@Command(
    name = "fuzz",
    description = {
      "Fuzz the event validator, the fast paths, the REST bodies and the file readers with Jazzer.",
      "Runs from the source checkout through ./mvnw; each target also spends a Maven start (20-60 s)."
    })
public final class FuzzCommand implements Callable<Integer> {

  static final int CRASHED = 1;
  static final int BROKEN = 2;
  private static final long MIN_SECONDS = 10;

  @Option(
      names = "--minutes",
      defaultValue = "5",
      description = "Fuzzing time in total, split over the targets (default ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--target",
      split = ",",
      description = "Only these targets (comma-separated); --list shows them.")
  List<String> targets;

  @Option(names = "--list", description = "List the targets and exit.")
  boolean list;

  @Option(
      names = "--source",
      description = "The source checkout (default: the one this launcher was built in).")
  Path source;

  @Option(
      names = "--offline",
      description = "Pass -o to Maven (everything already in the local repository).")
  boolean offline;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      FuzzTarget.ALL.forEach(t -> out.printf("  %-20s %-14s %s%n", t.name(), t.module(), t.what()));
      out.flush();
      return 0;
    }
    List<FuzzTarget> chosen = chosen();
    if (minutes <= 0) {
      throw new ParameterException(spec.commandLine(), "--minutes must be above 0");
    }
    Path root =
        source != null
            ? source.toAbsolutePath().normalize()
            : sourceRoot()
                .orElseThrow(
                    () ->
                        new ParameterException(
                            spec.commandLine(),
                            "fuzz runs from a source checkout (mvnw and the module sources); pass --source DIR"));
    long seconds = Math.max(MIN_SECONDS, Math.round(minutes * 60 / chosen.size()));
    out.printf(
        "Fuzzing %d target(s) for %d s each in %s (Jazzer, JAZZER_FUZZ=1); logs in target/fuzz/%n",
        chosen.size(), seconds, root);
    MavenFuzzRun runner = new MavenFuzzRun(root, offline);
    List<MavenFuzzRun.Result> results = new ArrayList<>();
    for (FuzzTarget target : chosen) {
      out.printf("%n%s (%s): %s%n", target.name(), target.module(), target.what());
      out.flush();
      MavenFuzzRun.Result r = runner.run(target, seconds, out);
      results.add(r);
      r.artifacts()
          .forEach(
              a ->
                  out.printf(
                      "  [%s] crashing input kept at %s (replayed by ./mvnw verify)%n",
                      target.name(), a));
      if (r.broken()) {
        out.printf(
            "  [%s] Maven failed (exit %d) without a finding; see %s%n",
            target.name(), r.exitCode(), r.log());
      }
    }
    printTable(results, out);
    if (results.stream().anyMatch(MavenFuzzRun.Result::crashed)) {
      return CRASHED;
    }
    return results.stream().anyMatch(MavenFuzzRun.Result::broken) ? BROKEN : 0;
  }

  static void printTable(List<MavenFuzzRun.Result> results, PrintWriter out) {
    out.printf(
        "%n%-20s %16s %8s %8s  %s%n", "target", "inputs executed", "crashes", "took", "result");
    for (MavenFuzzRun.Result r : results) {
      String result =
          r.crashed()
              ? String.join("; ", r.findings().isEmpty() ? List.of("crash") : r.findings())
              : r.broken() ? "maven failed, see " + r.log() : "ok";
      out.printf(
          "%-20s %,16d %8d %7ds  %s%n",
          r.target().name(),
          r.executed(),
          Math.max(r.findings().size(), r.artifacts().size()),
          r.took().toSeconds(),
          result);
    }
    out.flush();
  }

  private List<FuzzTarget> chosen() {
    if (targets == null || targets.isEmpty()) {
      return FuzzTarget.ALL;
    }
    List<FuzzTarget> chosen = new ArrayList<>();
    for (String name : targets) {
      chosen.add(
          FuzzTarget.named(name)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "unknown fuzz target '"
                              + name
                              + "'; one of "
                              + FuzzTarget.ALL.stream()
                                  .map(FuzzTarget::name)
                                  .collect(Collectors.joining(", ")))));
    }
    return chosen;
  }

  /**
   * The checkout bin/fleetstream built this launcher in: up from the launcher's jar
   * (deploy/target/lib/…), else up from the working directory.
   */
  static Optional<Path> sourceRoot() {
    List<Path> starts = new ArrayList<>();
    try {
      starts.add(
          Path.of(FuzzCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // No code source (unusual class loader): the working directory is the other clue.
    }
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
        if (isCheckout(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  static boolean isCheckout(Path dir) {
    return Files.isRegularFile(dir.resolve("mvnw"))
        && Files.isRegularFile(dir.resolve("pom.xml"))
        && FuzzTarget.ALL.stream()
            .allMatch(t -> Files.isDirectory(dir.resolve(t.module()).resolve("src/test/java")));
  }
}
