package io.fleetstream.bridge.internal.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.auth.Account;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credits on spend: every $1 paid from balance_usd mints $0.05 into balance_own, which pays once
 * the USD runs out.
 */
class MeterTest {

  @TempDir Path dir;

  private static Meter meter(AccountStore store) {
    return new Meter(
        store,
        new BigDecimal("0.0001"),
        new BigDecimal("0.001"),
        new BigDecimal("0.05"),
        "https://example.com/top-up?acct={account}");
  }

  @Test
  void spendMintsCreditsThatPayForCallsOnceTheBalanceIsGone() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("a", "h", "i", "u"))) {
      AccountStore store =
          new AccountStore(
              db.table("a"), db.table("h"), db.table("i"), db.table("u"), "br_000000000001");
      String id =
          store
              .create("bot", null, false, 0, 0, new BridgeConfig.Limits(60, 240, 1000))
              .account()
              .id();
      store.update(id, a -> a.toppedUp(1_000_000), true); // $1
      Meter meter = meter(store);

      Meter.Charge optimize = meter.charge(id, Meter.Kind.OPTIMIZE);
      assertThat(optimize.usdMicros()).isEqualTo(1000);
      assertThat(optimize.mintedMicros()).as("5 % of $0.001").isEqualTo(50);
      for (int i = 0; i < 999; i++) {
        meter.charge(id, Meter.Kind.OPTIMIZE);
      }
      Account spent = store.find(id).orElseThrow();
      assertThat(spent.balanceMicros()).isZero();
      assertThat(spent.balanceOwnMicros()).as("$1 spent mints $0.05").isEqualTo(50_000);
      assertThat(spent.ownMintedMicros()).isEqualTo(50_000);

      Meter.Charge redeemed = meter.charge(id, Meter.Kind.OPTIMIZE);
      assertThat(redeemed.ownMicros()).as("paid from credits").isEqualTo(1000);
      assertThat(redeemed.mintedMicros()).as("credit spend mints nothing").isZero();
      for (int i = 0; i < 49; i++) {
        meter.charge(id, Meter.Kind.OPTIMIZE);
      }
      assertThat(store.find(id).orElseThrow().balanceOwnMicros()).isZero();
      assertThatThrownBy(() -> meter.charge(id, Meter.Kind.WRITE))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> assertThat(e.code()).isEqualTo(ApiErrorCode.INSUFFICIENT_BALANCE));
      Account end = store.find(id).orElseThrow();
      assertThat(end.spentMicros()).isEqualTo(1_050_000);
      assertThat(end.optimizations()).isEqualTo(1050);
    }
  }

  @Test
  void aPriceTheBalanceCoversOnlyInPartIsPaidWithCreditsForTheRestAndARefundUndoesAll() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("a", "h", "i", "u"))) {
      AccountStore store =
          new AccountStore(
              db.table("a"), db.table("h"), db.table("i"), db.table("u"), "br_000000000001");
      String id =
          store
              .create("bot", null, false, 400, 0, new BridgeConfig.Limits(60, 240, 1000))
              .account()
              .id();
      store.update(id, a -> a.withCredits(700, 700), true);
      Meter meter = meter(store);
      Meter.Charge c = meter.charge(id, Meter.Kind.OPTIMIZE);
      assertThat(c.usdMicros()).isEqualTo(400);
      assertThat(c.ownMicros()).isEqualTo(600);
      assertThat(c.mintedMicros()).isEqualTo(20);
      assertThat(c.balanceOwnAfterMicros()).isEqualTo(120);
      meter.refund(c);
      Account back = store.find(id).orElseThrow();
      assertThat(back.balanceMicros()).isEqualTo(400);
      assertThat(back.balanceOwnMicros()).isEqualTo(700);
      assertThat(back.ownMintedMicros()).isEqualTo(700);
      assertThat(back.spentMicros()).isZero();
    }
  }

  @Test
  void sandboxAccountsAreNeverChargedAndMintNothing() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("a", "h", "i", "u"))) {
      AccountStore store =
          new AccountStore(
              db.table("a"), db.table("h"), db.table("i"), db.table("u"), "br_000000000001");
      String id =
          store
              .create("bot", null, true, 0, 0, new BridgeConfig.Limits(60, 240, 1000))
              .account()
              .id();
      Meter.Charge c = meter(store).charge(id, Meter.Kind.OPTIMIZE);
      assertThat(c.priceMicros()).isZero();
      assertThat(c.mintedMicros()).isZero();
    }
  }
}
