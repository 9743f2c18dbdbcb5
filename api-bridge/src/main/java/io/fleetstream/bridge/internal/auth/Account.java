package io.fleetstream.bridge.internal.auth;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.schemas.events.OptimizeOptions;
import java.time.Instant;

/**
 * A tenant: its balance in micro-dollars (exact arithmetic), its credits earned on spend ({@code
 * balance_own}), what it used, its limits, and its optimize defaults (which sit between the system
 * defaults and a request's own options).
 *
 * @param balanceOwnMicros credits minted on spend and not yet redeemed
 * @param ownMintedMicros every credit ever minted for this account
 * @param requestedTopUpMicros what the account asked to prepay at sign-up and the operator has not
 *     credited yet
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
    OptimizeOptions optimizeDefaults,
    long balanceOwnMicros,
    long ownMintedMicros,
    long requestedTopUpMicros) {

  public Account withBalance(
      long newBalance, long newSpent, long newWrites, long newOptimizations) {
    return new Account(
        id,
        agentId,
        contact,
        sandbox,
        createdAt,
        newBalance,
        newSpent,
        newWrites,
        newOptimizations,
        limits,
        optimizeDefaults,
        balanceOwnMicros,
        ownMintedMicros,
        requestedTopUpMicros);
  }

  public Account withCredits(long newBalanceOwn, long newOwnMinted) {
    return new Account(
        id,
        agentId,
        contact,
        sandbox,
        createdAt,
        balanceMicros,
        spentMicros,
        writes,
        optimizations,
        limits,
        optimizeDefaults,
        newBalanceOwn,
        newOwnMinted,
        requestedTopUpMicros);
  }

  /**
   * An operator's top-up: the balance grows and what was requested at sign-up shrinks by as much.
   */
  public Account toppedUp(long micros) {
    return new Account(
        id,
        agentId,
        contact,
        sandbox,
        createdAt,
        Math.addExact(balanceMicros, micros),
        spentMicros,
        writes,
        optimizations,
        limits,
        optimizeDefaults,
        balanceOwnMicros,
        ownMintedMicros,
        Math.max(0, requestedTopUpMicros - micros));
  }

  public Account withSettings(
      String newContact, BridgeConfig.Limits newLimits, OptimizeOptions newDefaults) {
    return new Account(
        id,
        agentId,
        newContact,
        sandbox,
        createdAt,
        balanceMicros,
        spentMicros,
        writes,
        optimizations,
        newLimits,
        newDefaults,
        balanceOwnMicros,
        ownMintedMicros,
        requestedTopUpMicros);
  }

  /** This account's counters under {@code other}'s settings (everything that is not a counter). */
  public Account withSettingsOf(Account other) {
    return new Account(
        id,
        other.agentId,
        other.contact,
        other.sandbox,
        other.createdAt,
        balanceMicros,
        spentMicros,
        writes,
        optimizations,
        other.limits,
        other.optimizeDefaults,
        balanceOwnMicros,
        ownMintedMicros,
        requestedTopUpMicros);
  }

  /** Whether {@code other} has the same settings (every field but the counters). */
  public boolean sameSettings(Account other) {
    return withSettingsOf(other).equals(this);
  }

  /**
   * {@code live} or {@code sandbox}; sandbox accounts hold {@code ork_test_} keys and are never
   * charged.
   */
  public String mode() {
    return sandbox ? "sandbox" : "live";
  }
}
