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
 * with the header {@code instance,vehicles,distance}. Shipped with the module: the 29 Solomon
 * series-1 values, and the 60 Gehring–Homberger 1,000-customer ones (SINTEF's table as collected in
 * the public-domain {@code rogalski-wmii-uni-lodz-pl/vrp-benchmarks}, 2024-02), whose instances are
 * not in this repository; a {@code bks.csv} next to the instances adds to or overrides them. Not
 * the {@code .sol} files CVRPLIB and PyVRP publish beside VRPLIB instances: those minimise distance
 * alone (more vehicles, e.g. 37 instead of 19 on R2_10_1), a different objective.
 */
public final class BestKnown {

  /** One best-known solution. */
  public record Entry(int vehicles, double distance) {}

  private final Map<String, Entry> entries;

  private BestKnown(Map<String, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** The bundled table plus, when present, {@code dir/bks.csv} (which overrides it). */
  public static BestKnown forDirectory(Path dir) throws IOException {
    Map<String, Entry> m = new LinkedHashMap<>(bundled());
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
