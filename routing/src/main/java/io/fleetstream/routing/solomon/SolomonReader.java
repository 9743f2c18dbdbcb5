package io.fleetstream.routing.solomon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the original Solomon text format: the instance name, a VEHICLE section (number, capacity),
 * a CUSTOMER section with one row per customer (number, x, y, demand, ready time, due date, service
 * time); customer 0 is the depot. VRPTW files in the VRPLIB format are read too.
 */
public final class SolomonReader {

  /**
   * Far above any benchmark fleet (the 1,000-customer Gehring–Homberger files have 250): each
   * vehicle becomes a driver of the problem, and a garbled count of two billion would otherwise run
   * the conversion out of memory instead of failing with the file's line.
   */
  static final int MAX_VEHICLES = 100_000;

  private SolomonReader() {}

  public static SolomonInstance read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.io.FileNotFoundException("no such Solomon file: " + file);
    }
    return parse(
        Files.readString(file, StandardCharsets.ISO_8859_1), file.getFileName().toString());
  }

  /**
   * Parses file content; {@code source} names it in error messages. Content in the VRPLIB format
   * ({@code NAME : …} first) is read as such ({@link VrplibReader}).
   */
  public static SolomonInstance parse(String content, String source) {
    if (VrplibReader.looksLikeVrplib(content)) {
      return VrplibReader.parse(content, source);
    }
    String[] lines = content.split("\\R");
    String name = null;
    int vehicles = -1;
    int capacity = -1;
    List<SolomonCustomer> rows = new ArrayList<>();
    Set<Integer> numbers = new HashSet<>();
    int section = 0; // 0 header, 1 vehicle, 2 customer
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) continue;
      String upper = line.toUpperCase();
      if (name == null) {
        name = line;
        continue;
      }
      if (upper.startsWith("VEHICLE")) {
        section = 1;
        continue;
      }
      if (upper.startsWith("CUSTOMER")) {
        section = 2;
        continue;
      }
      if (upper.startsWith("NUMBER") || upper.startsWith("CUST")) continue;
      String[] f = line.split("\\s+");
      try {
        if (section == 1) {
          if (f.length != 2) throw error(source, i, "expected 'number capacity'");
          vehicles = Integer.parseInt(f[0]);
          capacity = Integer.parseInt(f[1]);
          if (vehicles > MAX_VEHICLES)
            throw error(source, i, vehicles + " vehicles; at most " + MAX_VEHICLES);
        } else if (section == 2) {
          if (f.length != 7) throw error(source, i, "expected 7 columns, found " + f.length);
          SolomonCustomer c =
              new SolomonCustomer(
                  Integer.parseInt(f[0]),
                  number(f[1]),
                  number(f[2]),
                  Integer.parseInt(f[3]),
                  number(f[4]),
                  number(f[5]),
                  number(f[6]));
          if (c.due() < c.ready()) throw error(source, i, "due date before ready time");
          if (c.demand() < 0 || c.service() < 0)
            throw error(source, i, "negative demand or service time");
          if (!numbers.add(c.number())) throw error(source, i, "duplicate customer " + c.number());
          rows.add(c);
        } else {
          throw error(source, i, "unexpected line before the VEHICLE section");
        }
      } catch (NumberFormatException e) {
        throw error(source, i, "not a number: " + e.getMessage());
      }
    }
    if (name == null) throw new SolomonFormatException(source + ": empty file");
    if (vehicles <= 0 || capacity <= 0)
      throw new SolomonFormatException(source + ": missing or invalid VEHICLE section");
    if (rows.isEmpty() || rows.get(0).number() != 0) {
      throw new SolomonFormatException(source + ": missing CUSTOMER section starting with depot 0");
    }
    return new SolomonInstance(name, vehicles, capacity, rows.get(0), rows.subList(1, rows.size()));
  }

  /**
   * A finite decimal: "NaN", "Infinity" and overflowing exponents (1e999) are not coordinates or
   * times.
   */
  static double number(String field) {
    double v = Double.parseDouble(field);
    if (!Double.isFinite(v)) {
      throw new NumberFormatException("not a finite number: " + field);
    }
    return v;
  }

  /** An error naming the file and the line (1-based) of {@code lineIndex}. */
  static SolomonFormatException error(String source, int lineIndex, String what) {
    return new SolomonFormatException(source + ":" + (lineIndex + 1) + ": " + what);
  }
}
