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
 */
public final class Meter {

  /** What a request is charged as. */
  public enum Kind { WRITE, OPTIMIZE }

  /** What a charge did: the price and the balance after it. */
  public record Charge(String accountId, Kind kind, long priceMicros, long balanceAfterMicros) {}

  private final AccountStore accounts;
  private final long writeMicros;
  private final long optimizeMicros;
  private final String topUpUrl;

  public Meter(AccountStore accounts, BigDecimal writeUsd, BigDecimal optimizeUsd, String topUpUrl) {
    this.accounts = accounts;
    this.writeMicros = toMicros(writeUsd);
    this.optimizeMicros = toMicros(optimizeUsd);
    this.topUpUrl = topUpUrl;
  }

  public long priceMicros(Kind kind) {
    return kind == Kind.WRITE ? writeMicros : optimizeMicros;
  }

  /** Charges the account or refuses with 402 and the top-up URL. */
  public Charge charge(String accountId, Kind kind) {
    long[] price = new long[1];
    Account after = accounts.update(accountId, a -> {
      long p = a.sandbox() ? 0 : priceMicros(kind);
      if (a.balanceMicros() < p) {
        throw ApiException.of(ApiErrorCode.INSUFFICIENT_BALANCE, "top up required: this request costs "
                + usd(p) + " USD and the balance is " + usd(a.balanceMicros()) + " USD")
            .with("top_up_url", topUpUrl(a.id()));
      }
      price[0] = p;
      return a.withBalance(a.balanceMicros() - p, a.spentMicros() + p,
          a.writes() + (kind == Kind.WRITE ? 1 : 0), a.optimizations() + (kind == Kind.OPTIMIZE ? 1 : 0));
    });
    return new Charge(accountId, kind, price[0], after.balanceMicros());
  }

  /** Gives a charge back (the write it paid for never reached Kafka). */
  public void refund(Charge charge) {
    accounts.update(charge.accountId(), a -> a.withBalance(a.balanceMicros() + charge.priceMicros(),
        a.spentMicros() - charge.priceMicros(), a.writes() - (charge.kind() == Kind.WRITE ? 1 : 0),
        a.optimizations() - (charge.kind() == Kind.OPTIMIZE ? 1 : 0)));
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
