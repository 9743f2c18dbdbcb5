package io.fleetstream.bridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Figures a reliability test measured, for {@code bin/fleetstream verify-reliability}: a file in
 * {@code target/reliability/} in the format the deploy module's {@code ReliabilityReport} reads
 * (this module cannot depend on deploy).
 */
public final class ReliabilityFigures {

  private ReliabilityFigures() {}

  /**
   * One row: {@code checked} things of {@code checkedUnit}, {@code failed} of them {@code
   * failedUnit}.
   */
  public static Map<String, Object> row(
      String area, String check, long checked, String checkedUnit, long failed, String failedUnit) {
    return Map.of(
        "area",
        area,
        "check",
        check,
        "checked",
        checked,
        "checked_unit",
        checkedUnit,
        "failed",
        failed,
        "failed_unit",
        failedUnit);
  }

  public static void write(String name, List<Map<String, Object>> rows) {
    try {
      Path dir = Path.of("target", "reliability");
      Files.createDirectories(dir);
      new ObjectMapper().writeValue(dir.resolve(name + ".json").toFile(), Map.of("rows", rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
