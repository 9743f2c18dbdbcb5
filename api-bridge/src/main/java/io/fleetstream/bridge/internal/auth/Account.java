package io.fleetstream.bridge.internal.auth;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.schemas.events.OptimizeOptions;
import java.time.Instant;

/**
 * A tenant: its balance in micro-dollars (exact arithmetic), what it used, its limits, and its
 * optimize defaults (which sit between the system defaults and a request's own options).
 */
public record Account(
    String id,
    String agentId,
    String contact,
    boolean sandbox,
    Instant createdAt,
    long balanceMicros,
    long spentMicros,
    long writes,
    long optimizations,
    BridgeConfig.Limits limits,
    OptimizeOptions optimizeDefaults) {

  public Account withBalance(long newBalance, long newSpent, long newWrites, long newOptimizations) {
    return new Account(id, agentId, contact, sandbox, createdAt, newBalance, newSpent, newWrites, newOptimizations,
        limits, optimizeDefaults);
  }

  public Account withSettings(String newContact, BridgeConfig.Limits newLimits, OptimizeOptions newDefaults) {
    return new Account(id, agentId, newContact, sandbox, createdAt, balanceMicros, spentMicros, writes, optimizations,
        newLimits, newDefaults);
  }

  /** {@code live} or {@code sandbox}; sandbox accounts hold {@code ork_test_} keys and are never charged. */
  public String mode() {
    return sandbox ? "sandbox" : "live";
  }
}
