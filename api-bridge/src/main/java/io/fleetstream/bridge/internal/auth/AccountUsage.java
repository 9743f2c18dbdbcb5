package io.fleetstream.bridge.internal.auth;

/**
 * What one bridge changed an account's counters by since it first did (charges, top-ups, credits):
 * the account every bridge serves is its stored record plus every bridge's usage. Each bridge
 * writes only its own usage, so two bridges charging one account at once never lose each other's
 * charges, as two bridges writing whole account records would.
 *
 * @param version raised at each write, so an older write of the same bridge read later loses
 */
public record AccountUsage(
    long version,
    long balanceMicros,
    long spentMicros,
    long writes,
    long optimizations,
    long balanceOwnMicros,
    long ownMintedMicros,
    long requestedTopUpMicros) {

  public static final AccountUsage NONE = new AccountUsage(0, 0, 0, 0, 0, 0, 0, 0);

  /** The counters of {@code after} less those of {@code before} (version 0). */
  public static AccountUsage between(Account before, Account after) {
    return new AccountUsage(
        0,
        after.balanceMicros() - before.balanceMicros(),
        after.spentMicros() - before.spentMicros(),
        after.writes() - before.writes(),
        after.optimizations() - before.optimizations(),
        after.balanceOwnMicros() - before.balanceOwnMicros(),
        after.ownMintedMicros() - before.ownMintedMicros(),
        after.requestedTopUpMicros() - before.requestedTopUpMicros());
  }

  /** This usage and {@code more} together, keeping this version. */
  public AccountUsage plus(AccountUsage more) {
    return new AccountUsage(
        version,
        balanceMicros + more.balanceMicros,
        spentMicros + more.spentMicros,
        writes + more.writes,
        optimizations + more.optimizations,
        balanceOwnMicros + more.balanceOwnMicros,
        ownMintedMicros + more.ownMintedMicros,
        requestedTopUpMicros + more.requestedTopUpMicros);
  }

  public AccountUsage minus(AccountUsage less) {
    return plus(less.negated());
  }

  private AccountUsage negated() {
    return new AccountUsage(
        version,
        -balanceMicros,
        -spentMicros,
        -writes,
        -optimizations,
        -balanceOwnMicros,
        -ownMintedMicros,
        -requestedTopUpMicros);
  }

  public AccountUsage withVersion(long newVersion) {
    return new AccountUsage(
        newVersion,
        balanceMicros,
        spentMicros,
        writes,
        optimizations,
        balanceOwnMicros,
        ownMintedMicros,
        requestedTopUpMicros);
  }

  public boolean isZero() {
    return equals(NONE.withVersion(version));
  }

  /** {@code account} with these counters added to its own. */
  public Account addTo(Account account) {
    return new Account(
        account.id(),
        account.agentId(),
        account.contact(),
        account.sandbox(),
        account.createdAt(),
        Math.addExact(account.balanceMicros(), balanceMicros),
        Math.addExact(account.spentMicros(), spentMicros),
        Math.addExact(account.writes(), writes),
        Math.addExact(account.optimizations(), optimizations),
        account.limits(),
        account.optimizeDefaults(),
        Math.addExact(account.balanceOwnMicros(), balanceOwnMicros),
        Math.addExact(account.ownMintedMicros(), ownMintedMicros),
        Math.addExact(account.requestedTopUpMicros(), requestedTopUpMicros));
  }
}
