package io.fleetstream.routing.geocode.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The street a name almost matches, for a name the index does not hold as written: people leave out
 * the little words ("Avenue Monte Carlo" for "Avenue de Monte-Carlo") and mistype a letter or two.
 * Names are compared without their connecting words and spaces; then, for names long enough that a
 * slip is not another street, within one edit (six to ten letters) or two (longer). A name two
 * streets are equally near is not guessed.
 */
final class StreetNames {

  /** Connecting words of street names (French, English, German, Italian, Spanish). */
  private static final Set<String> LITTLE_WORDS =
      Set.of(
          "de", "du", "des", "la", "le", "les", "l", "d", "the", "of", "von", "der", "die", "das",
          "dem", "den", "di", "del", "della", "da", "do", "dos", "y", "et", "and");

  private static final int NO_SLIP_BELOW = 6;
  private static final int ONE_SLIP_UP_TO = 10;

  /** Loose form → the index keys that have it (several: "rue de la gare", "rue la gare"). */
  private final Map<String, Set<String>> byLoose = new HashMap<>();

  StreetNames(Collection<String> keys) {
    for (String key : keys) {
      String loose = loose(key);
      if (!loose.isEmpty()) {
        byLoose.computeIfAbsent(loose, k -> new TreeSet<>()).add(key);
      }
    }
  }

  /** The index key {@code key} stands for, when exactly one street is nearest to it. */
  Optional<String> nearest(String key) {
    String loose = loose(key);
    if (loose.isEmpty()) return Optional.empty();
    Set<String> same = byLoose.get(loose);
    if (same != null) return Optional.of(same.iterator().next());
    if (loose.length() < NO_SLIP_BELOW) return Optional.empty();
    int allowed = loose.length() <= ONE_SLIP_UP_TO ? 1 : 2;
    LevenshteinDistance bounded = new LevenshteinDistance(allowed);
    List<String> best = new ArrayList<>();
    int bestDistance = allowed + 1;
    for (String candidate : byLoose.keySet()) {
      if (Math.abs(candidate.length() - loose.length()) > allowed) continue;
      int d = bounded.apply(loose, candidate);
      if (d < 0 || d > bestDistance) continue;
      if (d < bestDistance) {
        best.clear();
        bestDistance = d;
      }
      best.add(candidate);
    }
    return best.size() == 1
        ? Optional.of(byLoose.get(best.get(0)).iterator().next())
        : Optional.empty();
  }

  /**
   * The key without its connecting words and spaces: "avenue de monte carlo" → "avenuemontecarlo".
   */
  static String loose(String key) {
    return Arrays.stream(key.split(" "))
        .filter(t -> !t.isEmpty() && !LITTLE_WORDS.contains(t))
        .collect(Collectors.joining());
  }
}
