package io.fleetstream.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.check.FeasibilityChecker;
import io.fleetstream.routing.check.FeasibilityReport;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.solomon.SolomonInstance;
import io.fleetstream.routing.solomon.SolomonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shared test data and the feasibility assertion every solver test ends with. */
public final class Fixtures {

  private Fixtures() {}

  /** A Solomon instance bundled with the tests (C101, R101, RC101). */
  public static SolomonInstance solomon(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/solomon/" + name + ".txt")) {
      return SolomonReader.parse(
          new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), name + ".txt");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the independent checker and fails the test with its report when the plan is infeasible.
   */
  public static void assertFeasible(Problem problem, Plan plan, MatrixProvider matrices) {
    FeasibilityReport report =
        new FeasibilityChecker(matrices.matrix(problem.locations())).check(problem, plan);
    assertThat(report.feasible()).as(report.toString()).isTrue();
  }

  public static void assertFeasible(Problem problem, Plan plan) {
    assertFeasible(problem, plan, EuclideanMatrix.unitSpeed());
  }
}
