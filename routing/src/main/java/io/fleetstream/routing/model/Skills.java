package io.fleetstream.routing.model;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Skill names are compared case-insensitively everywhere (jsprit lower-cases them too). */
final class Skills {

  private Skills() {}

  static Set<String> normalize(Collection<String> skills) {
    if (skills == null) return Set.of();
    return skills.stream()
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }
}
