package io.fleetstream.deploy.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one fuzzing run printed that matters: inputs executed, findings and where they were written.
 */
public final class FuzzOutput {

  /** libFuzzer's status lines: {@code #12345 pulse cov: ... exec/s: 812 ...}. */
  private static final Pattern STATUS =
      Pattern.compile("^#(\\d+)\\s+(INITED|NEW|REDUCE|pulse|DONE)\\b.*?(exec/s: (\\d+))?.*$");

  private static final Pattern DONE = Pattern.compile("^Done (\\d+) runs in (\\d+) second");
  private static final Pattern ARTIFACT = Pattern.compile("Test unit written to (\\S+)");

  /**
   * How the JUnit integration reports a finding (the standalone driver prints "== Java Exception:
   * ").
   */
  private static final Pattern FINDING =
      Pattern.compile(
          "^(?:com\\.code_intelligence\\.jazzer\\.junit\\.FuzzTestFindingException|== Java Exception): (.*)$");

  private long executed;
  private final List<String> findings = new ArrayList<>();
  private final List<String> artifacts = new ArrayList<>();

  /** Reads one line; returns a progress line worth showing the user, or null. */
  public String accept(String line) {
    Matcher done = DONE.matcher(line);
    if (done.find()) {
      executed = Math.max(executed, Long.parseLong(done.group(1)));
      return line;
    }
    Matcher status = STATUS.matcher(line);
    if (status.matches()) {
      executed = Math.max(executed, Long.parseLong(status.group(1)));
      // INITED, DONE and the power-of-two pulses: a line every few seconds, not one per new input.
      return status.group(2).equals("NEW") || status.group(2).equals("REDUCE") ? null : line;
    }
    Matcher finding = FINDING.matcher(line);
    if (finding.find()) {
      findings.add(finding.group(1));
      return line;
    }
    Matcher artifact = ARTIFACT.matcher(line);
    if (artifact.find()) {
      artifacts.add(artifact.group(1));
      return line;
    }
    return null;
  }

  public long executed() {
    return executed;
  }

  /** The exceptions the fuzzer reported (libFuzzer stops at the first one). */
  public List<String> findings() {
    return List.copyOf(findings);
  }

  /**
   * Where the crashing inputs were written (the test's Inputs directory: they become regression
   * tests).
   */
  public List<String> artifacts() {
    return List.copyOf(artifacts);
  }
}
