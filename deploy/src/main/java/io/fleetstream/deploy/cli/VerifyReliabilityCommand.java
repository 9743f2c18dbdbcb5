package io.fleetstream.deploy.cli;

import io.fleetstream.broker.process.ProcessTree;
import io.fleetstream.deploy.reliability.ReliabilityChecks;
import io.fleetstream.deploy.reliability.ReliabilityReport;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify-reliability}: runs the crash, isolation, abuse and fuzz tests of the source
 * checkout (they start real brokers, Flink and bridges of their own) and prints one table of what
 * they measured. The tests are the single definition of each check; this command only runs them
 * within a time bound and reads back their figures, so the table cannot claim what the build does
 * not.
 */
@Command(
    name = "verify-reliability",
    description = "Run the crash, tenant-isolation, abuse and fuzz checks and print one table.")
public final class VerifyReliabilityCommand implements Callable<Integer> {

  private static final Pattern RUNNING = Pattern.compile("Running (io\\.fleetstream\\.[\\w.]+)");
  private static final Pattern RESULT =
      Pattern.compile(
          "Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+).* in (io\\.fleetstream\\.[\\w.]+)");

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "40m",
      description =
          "Stop the checks after this long (e.g. 40m); what did not finish counts as failed. Default: ${DEFAULT-VALUE}.")
  String timeout;

  @Option(
      names = "--offline",
      description = "Run Maven offline (every dependency already downloaded).")
  boolean offline;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Duration limit = Durations.parse(timeout);
    Path root = SourceCheckout.root();
    List<ReliabilityReport.Check> checks = ReliabilityChecks.ALL;
    clearEarlierResults(root, checks);

    List<String> command = ReliabilityChecks.mavenCommand(root, checks, offline);
    Path log = root.resolve("target").resolve("verify-reliability.log");
    Files.createDirectories(log.getParent());
    out.printf(
        "Running %d reliability checks with Maven (at most %s; full log in %s):%n",
        checks.size(), timeout, log);
    out.flush();
    boolean finished = runMaven(command, root, log, limit, out);

    ReliabilityReport report = new ReliabilityReport();
    for (String module : checks.stream().map(ReliabilityReport.Check::module).distinct().toList()) {
      report.addFigures(root.resolve(module));
    }
    for (ReliabilityReport.Check check : checks) {
      // A check with figures of its own still gets a row from its report when it failed or did not
      // run: its figures stop where its first assertion failed.
      report.addTestReport(root, check, check.figures());
    }
    out.println();
    report.print(out);
    if (!finished) {
      out.println("\nThe checks did not finish within " + timeout + "; see " + log);
    }
    boolean ok = finished && report.allOk();
    out.println(
        ok
            ? "\nreliability: every check passed"
            : "\nreliability: FAILED (see the rows above and " + log + ")");
    return ok ? 0 : 1;
  }

  /** Old figures and reports must never pass for this run's. */
  private static void clearEarlierResults(Path root, List<ReliabilityReport.Check> checks)
      throws IOException {
    for (ReliabilityReport.Check check : checks) {
      Path target = root.resolve(check.module()).resolve("target");
      io.fleetstream.deploy.local.StateWorkDir.delete(
          target.resolve(ReliabilityReport.FIGURES_DIR));
      for (String reports : List.of("surefire-reports", "failsafe-reports")) {
        Files.deleteIfExists(target.resolve(reports).resolve("TEST-" + check.testClass() + ".xml"));
      }
    }
  }

  /**
   * Runs Maven, echoing which test runs and how it ended; false when the time bound cut it short.
   */
  private static boolean runMaven(
      List<String> command, Path root, Path log, Duration limit, PrintWriter out)
      throws IOException, InterruptedException {
    Process maven =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread echo =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(maven.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter file =
                      new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                long start = System.nanoTime();
                for (String line; (line = in.readLine()) != null; ) {
                  file.println(line);
                  lines.add(line);
                  Matcher running = RUNNING.matcher(line);
                  Matcher result = RESULT.matcher(line);
                  if (running.find()) {
                    out.printf(
                        "  [%4d s] %s ...%n",
                        (System.nanoTime() - start) / 1_000_000_000L, running.group(1));
                  } else if (result.find()) {
                    boolean failed = !result.group(2).equals("0") || !result.group(3).equals("0");
                    out.printf(
                        "  [%4d s] %s: %s tests%s%n",
                        (System.nanoTime() - start) / 1_000_000_000L,
                        result.group(4),
                        result.group(1),
                        failed ? ", FAILED" : "");
                  }
                  out.flush();
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "maven-output");
    echo.start();
    boolean finished = maven.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      ProcessTree.stop(maven.toHandle(), Duration.ofSeconds(20));
    }
    echo.join(10_000);
    return finished;
  }
}
