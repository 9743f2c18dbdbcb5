package io.fleetstream.routing.solomon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads VRPTW instances in the VRPLIB format of CVRPLIB and PyVRP's instance sets (the
 * Gehring–Homberger 1,000-customer files among them): {@code KEY : value} specifications, then
 * {@code NODE_COORD_SECTION}, {@code DEMAND_SECTION}, {@code TIME_WINDOW_SECTION}, an optional
 * {@code SERVICE_TIME_SECTION} (else the {@code SERVICE_TIME} specification for every customer),
 * {@code DEPOT_SECTION} with one depot, {@code EOF}. Euclidean distances only ({@code
 * EDGE_WEIGHT_TYPE : EUC_2D}), as in Solomon's files. Node {@code k} becomes customer {@code k − 1}
 * when the depot is node 1, the numbering of the solution files published beside them.
 *
 * <p>Hand-written: no Java library reads VRPLIB (PyVRP's reader is Python), and the subset of the
 * format these instances use is a few sections of numbers.
 */
final class VrplibReader {

  /** A line of a section: its index in the file (for errors) and its fields. */
  private record Row(int line, String[] fields) {}

  private VrplibReader() {}

  /** Whether {@code content} looks like VRPLIB: its first line is a {@code KEY : value} pair. */
  static boolean looksLikeVrplib(String content) {
    for (String line : content.split("\\R", 20)) {
      String t = line.trim();
      if (!t.isEmpty()) {
        return t.matches("(?i)NAME\\s*:.*");
      }
    }
    return false;
  }

  static SolomonInstance parse(String content, String source) {
    String[] lines = content.split("\\R");
    Map<String, String> spec = new HashMap<>();
    Map<String, List<Row>> sections = new HashMap<>();
    String section = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) continue;
      String upper = line.toUpperCase(Locale.ROOT);
      if (upper.equals("EOF")) break;
      if (upper.endsWith("_SECTION")) {
        section = upper;
        if (sections.putIfAbsent(section, new ArrayList<>()) != null) {
          throw SolomonReader.error(source, i, section + " given twice");
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (section == null) {
        if (colon < 0) throw SolomonReader.error(source, i, "expected 'KEY : value'");
        spec.put(
            line.substring(0, colon).trim().toUpperCase(Locale.ROOT),
            line.substring(colon + 1).trim());
        continue;
      }
      sections.get(section).add(new Row(i, line.split("\\s+")));
    }
    String type = spec.getOrDefault("TYPE", "").toUpperCase(Locale.ROOT);
    if (!type.equals("VRPTW") && !type.equals("CVRPTW")) {
      throw new SolomonFormatException(source + ": TYPE is '" + type + "'; only VRPTW is read");
    }
    String weights = spec.getOrDefault("EDGE_WEIGHT_TYPE", "EUC_2D").toUpperCase(Locale.ROOT);
    if (!weights.equals("EUC_2D")) {
      throw new SolomonFormatException(
          source + ": EDGE_WEIGHT_TYPE " + weights + "; only EUC_2D is read");
    }
    int dimension = positive(spec, "DIMENSION", source);
    if (dimension > SolomonReader.MAX_VEHICLES) {
      throw new SolomonFormatException(source + ": DIMENSION " + dimension + " is too large");
    }
    int capacity = positive(spec, "CAPACITY", source);
    int vehicles =
        spec.containsKey("VEHICLES") ? positive(spec, "VEHICLES", source) : dimension - 1;
    if (vehicles > SolomonReader.MAX_VEHICLES) {
      throw new SolomonFormatException(
          source + ": " + vehicles + " vehicles; at most " + SolomonReader.MAX_VEHICLES);
    }
    double defaultService =
        spec.containsKey("SERVICE_TIME") ? number(spec, "SERVICE_TIME", source) : 0;

    double[][] coords = rows(sections, "NODE_COORD_SECTION", 3, dimension, source);
    double[][] demands = rows(sections, "DEMAND_SECTION", 2, dimension, source);
    double[][] windows = rows(sections, "TIME_WINDOW_SECTION", 3, dimension, source);
    double[][] service =
        sections.containsKey("SERVICE_TIME_SECTION")
            ? rows(sections, "SERVICE_TIME_SECTION", 2, dimension, source)
            : null;
    List<Row> depots = sections.getOrDefault("DEPOT_SECTION", List.of());
    if (depots.isEmpty() || !depots.get(0).fields()[0].equals("1")) {
      throw new SolomonFormatException(source + ": DEPOT_SECTION must name node 1 as the depot");
    }
    if (depots.size() > 2 || (depots.size() == 2 && !depots.get(1).fields()[0].equals("-1"))) {
      throw new SolomonFormatException(source + ": one depot only (node 1, then -1)");
    }

    List<SolomonCustomer> customers = new ArrayList<>();
    for (int k = 0; k < dimension; k++) {
      double[] tw = windows[k];
      double demand = demands[k][1];
      if (demand < 0 || demand != Math.rint(demand)) {
        throw new SolomonFormatException(
            source + ": node " + (k + 1) + ": demand must be a whole number ≥ 0");
      }
      if (tw[2] < tw[1]) {
        throw new SolomonFormatException(
            source + ": node " + (k + 1) + ": time window closes before it opens");
      }
      double s = k == 0 ? 0 : service != null ? service[k][1] : defaultService;
      if (s < 0) {
        throw new SolomonFormatException(source + ": node " + (k + 1) + ": negative service time");
      }
      customers.add(
          new SolomonCustomer(k, coords[k][1], coords[k][2], (int) demand, tw[1], tw[2], s));
    }
    String name = spec.getOrDefault("NAME", source);
    return new SolomonInstance(
        name, vehicles, capacity, customers.get(0), customers.subList(1, customers.size()));
  }

  /**
   * The rows of a section: exactly one per node, in node order ({@code 1..dimension}), each {@code
   * columns} numbers wide.
   */
  private static double[][] rows(
      Map<String, List<Row>> sections, String section, int columns, int dimension, String source) {
    List<Row> rows = sections.get(section);
    if (rows == null) throw new SolomonFormatException(source + ": no " + section);
    if (rows.size() != dimension) {
      throw new SolomonFormatException(
          source + ": " + section + " has " + rows.size() + " rows; DIMENSION is " + dimension);
    }
    double[][] out = new double[dimension][];
    for (int r = 0; r < dimension; r++) {
      String[] f = rows.get(r).fields();
      int line = rows.get(r).line();
      if (f.length != columns) {
        throw SolomonReader.error(source, line, "expected " + columns + " columns in " + section);
      }
      double[] v = new double[columns];
      try {
        for (int c = 0; c < columns; c++) v[c] = SolomonReader.number(f[c]);
      } catch (NumberFormatException e) {
        throw SolomonReader.error(source, line, "not a number: " + e.getMessage());
      }
      if (v[0] != r + 1) {
        throw SolomonReader.error(source, line, "expected node " + (r + 1) + " in " + section);
      }
      out[r] = v;
    }
    return out;
  }

  private static int positive(Map<String, String> spec, String key, String source) {
    String v = spec.get(key);
    try {
      int n = Integer.parseInt(v == null ? "" : v.trim());
      if (n > 0) return n;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new SolomonFormatException(source + ": " + key + " must be a positive whole number");
  }

  private static double number(Map<String, String> spec, String key, String source) {
    try {
      double v = SolomonReader.number(spec.get(key).trim());
      if (v >= 0) return v;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new SolomonFormatException(source + ": " + key + " must be a number ≥ 0");
  }
}
