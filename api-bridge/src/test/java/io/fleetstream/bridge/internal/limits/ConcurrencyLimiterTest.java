package io.fleetstream.bridge.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

  @Test
  void anAccountGetsItsCapAndNoMoreUntilItGivesOneBack() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.tryAcquire("b")).as("another account's slots are its own").isTrue();
    limiter.release("a");
    assertThat(limiter.inUse("a")).isEqualTo(1);
    assertThat(limiter.tryAcquire("a")).isTrue();
    limiter.release("a");
    limiter.release("a");
    assertThat(limiter.inUse("a")).isZero();
  }

  @Test
  void racingCallersNeverHoldMoreThanTheCap() throws Exception {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(3);
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch done = new CountDownLatch(8);
    for (int t = 0; t < 8; t++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 20_000; i++) {
              if (limiter.tryAcquire("a")) {
                most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                holding.decrementAndGet();
                limiter.release("a");
              }
            }
            done.countDown();
          });
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(most.get()).isBetween(1, 3);
    assertThat(limiter.inUse("a")).isZero();
  }

  @Test
  void aCapBelowOneIsRefused() {
    assertThatThrownBy(() -> new ConcurrencyLimiter(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
