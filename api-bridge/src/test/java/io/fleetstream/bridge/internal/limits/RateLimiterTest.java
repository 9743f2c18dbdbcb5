package io.fleetstream.bridge.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimiterTest {

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };
  private static final BridgeConfig.Limits LIMITS = new BridgeConfig.Limits(60, 3, 1000);

  @Test
  void aBurstIsServedThenOneRequestPerSecondRefills() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("buckets"))) {
      RateLimiter limiter = new RateLimiter(db.table("buckets"), clock);
      assertThat(limiter.take("k", LIMITS).remaining()).isEqualTo(2);
      assertThat(limiter.take("k", LIMITS).remaining()).isEqualTo(1);
      assertThat(limiter.take("k", LIMITS).allowed()).isTrue();
      RateLimiter.Decision refused = limiter.take("k", LIMITS);
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.retryAfterSeconds()).isEqualTo(1);
      assertThat(refused.resetEpochSeconds()).isEqualTo(now.get() / 1000 + 3);
      assertThat(limiter.take("other", LIMITS).allowed())
          .as("another key has its own bucket")
          .isTrue();
      now.addAndGet(1000);
      assertThat(limiter.take("k", LIMITS).allowed()).isTrue();
      assertThat(limiter.take("k", LIMITS).allowed()).isFalse();
    }
  }

  @Test
  void aRestartDoesNotHandOutAFreshBurst() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("buckets"))) {
      RateLimiter first = new RateLimiter(db.table("buckets"), clock);
      for (int i = 0; i < 3; i++) {
        first.take("k", LIMITS);
      }
      first.persist();
      RateLimiter second = new RateLimiter(db.table("buckets"), clock);
      assertThat(second.take("k", LIMITS).allowed()).isFalse();
    }
  }

  @Test
  void aBucketIsForgottenOnceItWouldBeFullAgainAndItsSnapshotWithIt() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("buckets"))) {
      RateLimiter limiter = new RateLimiter(db.table("buckets"), clock);
      for (int i = 0; i < 1000; i++) {
        limiter.take("key:" + i, LIMITS);
      }
      limiter.persist();
      assertThat(limiter.activeBuckets()).isEqualTo(1000);
      assertThat(db.table("buckets").keys("")).hasSize(1000);

      now.addAndGet(999);
      limiter.take("key:busy", LIMITS);
      limiter.take("key:busy", LIMITS);
      limiter.take("key:busy", LIMITS);
      assertThat(limiter.activeBuckets())
          .as("one token back after 1 s: nothing is full yet")
          .isEqualTo(1001);

      now.addAndGet(1501); // Caffeine's timer wheel expires up to about a second late
      assertThat(limiter.activeBuckets())
          .as("full again after 1 s (burst 3, 1 token used); 'busy' is not")
          .isEqualTo(1);
      assertThat(db.table("buckets").keys("")).as("expired buckets leave the store").hasSize(0);
      assertThat(limiter.take("key:1", LIMITS).remaining())
          .as("an evicted bucket answers as a full one")
          .isEqualTo(2);
    }
  }

  @Test
  void aRestartDropsSnapshotsOfBucketsThatAreFullByNow() {
    try (KeyValueStore db = KeyValueStore.open(dir, List.of("buckets"))) {
      RateLimiter first = new RateLimiter(db.table("buckets"), clock);
      first.take("idle", LIMITS);
      for (int i = 0; i < 3; i++) {
        first.take("drained", LIMITS);
      }
      first.persist();
      now.addAndGet(1500);
      new RateLimiter(db.table("buckets"), clock);
      assertThat(db.table("buckets").keys("")).containsExactly("drained");
    }
  }
}
