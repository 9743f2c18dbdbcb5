package io.fleetstream.routing.solomon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instances the solver's parameters were chosen on ({@code tuning-set.txt} beside this class):
 * Solomon's 29 series-1 instances (C1, R1, RC1) and the first two Gehring–Homberger 200 instances
 * of each family. Every other instance is held out, and a benchmark marks each row so a reader
 * never mistakes a tuned figure for one the solver was not fitted to.
 */
public final class TuningSet {

  private static final Set<String> NAMES = load();

  private TuningSet() {}

  /** True when the solver was tuned on an instance of this name (case-insensitive). */
  public static boolean contains(String instance) {
    return NAMES.contains(instance.toUpperCase(Locale.ROOT));
  }

  public static Set<String> names() {
    return NAMES;
  }

  private static Set<String> load() {
    try (InputStream in = TuningSet.class.getResourceAsStream("tuning-set.txt")) {
      if (in == null) throw new IllegalStateException("tuning-set.txt missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> l.toUpperCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
