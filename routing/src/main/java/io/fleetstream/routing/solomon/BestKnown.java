package io.fleetstream.routing.solomon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Best-known solutions (hierarchical objective: vehicles, then distance) from a {@code bks.csv}
 * with the header {@code instance,vehicles,distance}, or from VRPLIB {@code .sol} files. The 29
 * series-1 values ship with the module; a {@code bks.csv} next to the instances adds to or
 * overrides them.
 */
public final class BestKnown {

  /** One best-known solution. */
  public record Entry(int vehicles, double distance) {}

  private final Map<String, Entry> entries;

  private BestKnown(Map<String, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  /**
   * The bundled table, then the {@code .sol} files of the directory (VRPLIB solutions, as CVRPLIB
   * and PyVRP publish them beside their instances), then {@code dir/bks.csv}: each later source
   * overrides the earlier.
   */
  public static BestKnown forDirectory(Path dir) throws IOException {
    Map<String, Entry> m = new LinkedHashMap<>(bundled());
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path sol : files.filter(f -> f.toString().endsWith(".sol")).sorted().toList()) {
          String name = sol.getFileName().toString();
          m.put(
              name.substring(0, name.length() - 4).toUpperCase(),
              parseSolution(Files.readString(sol, StandardCharsets.UTF_8), sol.toString()));
        }
      }
    }
    Path csv = dir.resolve("bks.csv");
    if (Files.isRegularFile(csv))
      m.putAll(parse(Files.readString(csv, StandardCharsets.UTF_8), csv.toString()));
    return new BestKnown(m);
  }

  public static BestKnown bundledOnly() {
    return new BestKnown(bundled());
  }

  public Optional<Entry> get(String instance) {
    return Optional.ofNullable(entries.get(instance.toUpperCase()));
  }

  private static Map<String, Entry> bundled() {
    try (InputStream in = BestKnown.class.getResourceAsStream("bks.csv")) {
      if (in == null) return Map.of();
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled bks.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A VRPLIB solution: one {@code Route #k: …} line per vehicle used, and {@code Cost d}. CVRPLIB's
   * costs follow the DIMACS convention (each distance truncated to one decimal), a little below the
   * unrounded distance the checker measures, so gaps against them are slightly overstated.
   */
  static Entry parseSolution(String text, String source) {
    int routes = 0;
    Double cost = null;
    for (String line : text.split("\\R")) {
      String t = line.trim();
      if (t.regionMatches(true, 0, "Route", 0, 5)) {
        routes++;
      } else if (t.regionMatches(true, 0, "Cost", 0, 4)) {
        try {
          cost = Double.parseDouble(t.substring(4).trim());
        } catch (NumberFormatException e) {
          throw new SolomonFormatException(source + ": 'Cost' is not a number: " + t);
        }
      }
    }
    if (routes == 0 || cost == null) {
      throw new SolomonFormatException(source + ": expected 'Route #k: …' lines and 'Cost d'");
    }
    return new Entry(routes, cost);
  }

  static Map<String, Entry> parse(String csv, String source) {
    Map<String, Entry> m = new LinkedHashMap<>();
    String[] lines = csv.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || (i == 0 && line.toLowerCase().startsWith("instance"))) continue;
      String[] f = line.split(",");
      try {
        m.put(
            f[0].trim().toUpperCase(),
            new Entry(Integer.parseInt(f[1].trim()), Double.parseDouble(f[2].trim())));
      } catch (RuntimeException e) {
        throw new SolomonFormatException(
            source + ":" + (i + 1) + ": expected 'instance,vehicles,distance'");
      }
    }
    return m;
  }
}
