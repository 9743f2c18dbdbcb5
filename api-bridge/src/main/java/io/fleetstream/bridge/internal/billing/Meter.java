package io.fleetstream.bridge.internal.billing;

import io.fleetstream.bridge.internal.auth.Account;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prepaid metering. Prices and balances are whole micro-dollars, so sums are exact. A charge
 * happens before the event is written and is refunded if Kafka does not take it; sandbox accounts
 * count usage but are never charged.
 *
 * <p>Credits on spend (the seed's OWN): every dollar paid from {@code balance_usd} mints {@code
 * credits.own_per_usd} (default $0.05) into {@code balance_own}. A request the USD balance cannot
 * pay is paid from {@code balance_own} for the rest ($1 of credit = $1 of spend); spend paid with
 * credits mints none.
 */
public final class Meter {

  /** What a request is charged as. */
  public enum Kind {
    WRITE,
    OPTIMIZE
  }

  /**
   * What a charge did: the price, how it was paid (USD balance, credits), the credits it minted and
   * the balances after it.
   */
  public record Charge(
      String accountId,
      Kind kind,
      long priceMicros,
      long balanceAfterMicros,
      long usdMicros,
      long ownMicros,
      long mintedMicros,
      long balanceOwnAfterMicros) {}

  private final AccountStore accounts;
  private final long writeMicros;
  private final long optimizeMicros;
  private final BigDecimal ownPerUsd;
  private final String topUpUrl;

  public Meter(
      AccountStore accounts,
      BigDecimal writeUsd,
      BigDecimal optimizeUsd,
      BigDecimal ownPerUsd,
      String topUpUrl) {
    this.accounts = accounts;
    this.writeMicros = toMicros(writeUsd);
    this.optimizeMicros = toMicros(optimizeUsd);
    this.ownPerUsd = ownPerUsd;
    this.topUpUrl = topUpUrl;
  }

  public long priceMicros(Kind kind) {
    return kind == Kind.WRITE ? writeMicros : optimizeMicros;
  }

  /**
   * Charges the account (USD balance first, then credits) or refuses with 402 and the top-up URL.
   */
  public Charge charge(String accountId, Kind kind) {
    Charge[] charge = new Charge[1];
    accounts.update(
        accountId,
        a -> {
          long p = a.sandbox() ? 0 : priceMicros(kind);
          long usd = Math.min(p, a.balanceMicros());
          long own = p - usd;
          if (own > a.balanceOwnMicros()) {
            throw ApiException.of(
                    ApiErrorCode.INSUFFICIENT_BALANCE,
                    "top up required: this request costs "
                        + usd(p)
                        + " USD and the balance is "
                        + usd(a.balanceMicros())
                        + " USD (credits "
                        + usd(a.balanceOwnMicros())
                        + ")")
                .with("top_up_url", topUpUrl(a.id()));
          }
          long minted = mint(usd);
          Account next =
              a.withBalance(
                      a.balanceMicros() - usd,
                      a.spentMicros() + p,
                      a.writes() + (kind == Kind.WRITE ? 1 : 0),
                      a.optimizations() + (kind == Kind.OPTIMIZE ? 1 : 0))
                  .withCredits(a.balanceOwnMicros() - own + minted, a.ownMintedMicros() + minted);
          charge[0] =
              new Charge(
                  accountId,
                  kind,
                  p,
                  next.balanceMicros(),
                  usd,
                  own,
                  minted,
                  next.balanceOwnMicros());
          return next;
        });
    return charge[0];
  }

  /**
   * Gives a charge back (the write it paid for never reached Kafka), credits minted by it included.
   */
  public void refund(Charge charge) {
    accounts.update(
        charge.accountId(),
        a ->
            a.withBalance(
                    a.balanceMicros() + charge.usdMicros(),
                    a.spentMicros() - charge.priceMicros(),
                    a.writes() - (charge.kind() == Kind.WRITE ? 1 : 0),
                    a.optimizations() - (charge.kind() == Kind.OPTIMIZE ? 1 : 0))
                .withCredits(
                    Math.max(0, a.balanceOwnMicros() + charge.ownMicros() - charge.mintedMicros()),
                    a.ownMintedMicros() - charge.mintedMicros()));
  }

  /** Credits for {@code usdMicros} of USD spend, rounded down to a whole micro-dollar. */
  long mint(long usdMicros) {
    return BigDecimal.valueOf(usdMicros)
        .multiply(ownPerUsd)
        .setScale(0, RoundingMode.DOWN)
        .longValueExact();
  }

  public String topUpUrl(String accountId) {
    return topUpUrl.replace("{account}", accountId);
  }

  public static long toMicros(BigDecimal usd) {
    return usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** Micro-dollars as a JSON number of dollars: 9999000 → 9.999. */
  public static BigDecimal usd(long micros) {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
  }
}
