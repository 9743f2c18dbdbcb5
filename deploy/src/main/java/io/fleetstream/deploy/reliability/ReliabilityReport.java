package io.fleetstream.deploy.reliability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * What the reliability tests measured, read back from the files they leave in their module's {@code
 * target/}: the figure files they write themselves ({@code target/reliability/*.json}) and, for
 * tests that write none (the fuzz tests: one test case per input), the JUnit XML reports.
 *
 * <p>A figure file is {@code {"rows": [{"area", "check", "checked", "checked_unit", "failed",
 * "failed_unit"}]}}; the api-bridge and jobs tests write it with plain Jackson, since they cannot
 * depend on this module.
 */
public final class ReliabilityReport {

  /** One line of the table: what was checked, how many, and how many went wrong. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Row(
      String area, String check, long checked, String checkedUnit, long failed, String failedUnit) {

    public boolean ok() {
      return failed == 0;
    }
  }

  /**
   * A test class whose outcome belongs in the table.
   *
   * @param figures the test writes its own figure file; otherwise its JUnit report makes the row
   */
  public record Check(
      String area,
      String module,
      String testClass,
      String description,
      String unit,
      boolean figures) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String FIGURES_DIR = "reliability";

  private final List<Row> rows = new ArrayList<>();

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** Adds the rows of every figure file under {@code moduleDir/target/reliability}. */
  public ReliabilityReport addFigures(Path moduleDir) {
    Path dir = moduleDir.resolve("target").resolve(FIGURES_DIR);
    if (!Files.isDirectory(dir)) {
      return this;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode row : JSON.readTree(file.toFile()).path("rows")) {
          rows.add(JSON.treeToValue(row, Row.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the figures in " + dir, e);
    }
    return this;
  }

  /**
   * Adds a row from the JUnit XML report of {@code check}'s test class: test cases run, and those
   * that failed or erred (with {@code onlyIfFailed}, only when some did). A class whose report is
   * missing did not run, which is a failure too.
   */
  public ReliabilityReport addTestReport(Path root, Check check, boolean onlyIfFailed) {
    Optional<long[]> counts =
        reportCounts(root.resolve(check.module()).resolve("target"), check.testClass());
    if (counts.isEmpty()) {
      rows.add(
          new Row(
              check.area(),
              check.description() + " (" + simpleName(check.testClass()) + " did not run)",
              0,
              check.unit(),
              1,
              "missing report"));
    } else if (!onlyIfFailed || counts.get()[1] > 0) {
      String what =
          onlyIfFailed
              ? check.description() + " (" + simpleName(check.testClass()) + ")"
              : check.description();
      rows.add(
          new Row(
              check.area(),
              what,
              counts.get()[0],
              onlyIfFailed ? "tests" : check.unit(),
              counts.get()[1],
              "failed"));
    }
    return this;
  }

  /** {tests, failures + errors} of the class's report in surefire or failsafe reports. */
  static Optional<long[]> reportCounts(Path target, String testClass) {
    for (String reports : List.of("surefire-reports", "failsafe-reports")) {
      Path xml = target.resolve(reports).resolve("TEST-" + testClass + ".xml");
      if (Files.isRegularFile(xml)) {
        try {
          var factory = DocumentBuilderFactory.newInstance();
          factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
          Element suite = factory.newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
          long tests = Long.parseLong(suite.getAttribute("tests"));
          long failed =
              Long.parseLong(suite.getAttribute("failures"))
                  + Long.parseLong(suite.getAttribute("errors"));
          return Optional.of(new long[] {tests, failed});
        } catch (Exception e) {
          throw new IllegalStateException("cannot read " + xml + ": " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }

  public boolean allOk() {
    return !rows.isEmpty() && rows.stream().allMatch(Row::ok);
  }

  /** The table as docs/reliability.md shows it (Markdown, so it reads in a terminal too). */
  public void print(PrintWriter out) {
    out.println("| area | check | checked | failed |");
    out.println("|---|---|---:|---:|");
    for (Row r : rows) {
      out.printf(
          "| %s | %s | %,d %s | %,d %s |%n",
          r.area(), r.check(), r.checked(), r.checkedUnit(), r.failed(), r.failedUnit());
    }
    out.flush();
  }

  /** Writes {@code rows} as a figure file; the deploy module's own tests use this. */
  public static void writeFigures(Path moduleTarget, String name, List<Row> rows) {
    try {
      Path dir = moduleTarget.resolve(FIGURES_DIR);
      Files.createDirectories(dir);
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(dir.resolve(name + ".json").toFile(), java.util.Map.of("rows", rows));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write figures " + name, e);
    }
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
