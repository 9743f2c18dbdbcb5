package io.fleetstream.bridge.internal.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an account's key may do. Every {@code /api/v1} route needs exactly one; a key holds a set
 * (all of them unless it was created with fewer). The operator's routes need the operator's key,
 * which is not a scope an account can grant.
 */
public enum Scope {
  /** Every read: jobs, drivers, routes, runs, the account, the event stream. */
  READ,
  /** Jobs, drivers and webhook endpoints created, changed or removed. */
  WRITE,
  /** Optimization runs started and booked (they cost money). */
  OPTIMIZE,
  /** A dispatcher's decisions: assign, reassign, emergencies, locks. */
  DISPATCH,
  /** The account itself: its keys and its settings. */
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Scope> byWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
