package io.fleetstream.bridge.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two copies of one shared table, each in its own RocksDB, through a real broker. */
class StateLogITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final AtomicInteger TOPICS = new AtomicInteger();

  @TempDir Path dir;

  private record Copy(KeyValueStore db, StateLog log, Table table) implements AutoCloseable {
    @Override
    public void close() {
      log.close();
      db.close();
    }
  }

  private Copy open(String topic, String name, String bridgeId) {
    KeyValueStore db = KeyValueStore.open(dir.resolve(name), List.of("t", "position"));
    StateLog log =
        new StateLog(
            KAFKA.bootstrapServers(),
            topic,
            bridgeId,
            Duration.ofSeconds(10),
            db.table("position"));
    log.share("t", db.table("t"));
    return new Copy(db, log.start(), db.table("t"));
  }

  private static Map<String, String> contents(Table table) {
    Map<String, String> all = new TreeMap<>();
    for (String key : table.keys("")) {
      all.put(key, table.get(key, String.class).orElseThrow());
    }
    return all;
  }

  @Test
  void twoCopiesWritingTheSameKeysAtOnceEndAlikeAndEachReadsItsOwnWrites() throws Exception {
    String topic = "test.bridge_state." + TOPICS.incrementAndGet();
    try (Copy a = open(topic, "a", "br_00000000000a");
        Copy b = open(topic, "b", "br_00000000000b")) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Copy copy = t % 2 == 0 ? a : b;
          String writer = (t % 2 == 0 ? "a" : "b") + t;
          writes.add(
              CompletableFuture.runAsync(
                  () -> {
                    for (int i = 0; i < 100; i++) {
                      String key = "k" + (i % 10);
                      copy.table().put(key, writer + "-" + i);
                      assertThat(copy.table().get(key, String.class)).isPresent();
                    }
                  },
                  pool));
        }
        for (CompletableFuture<Void> w : writes) {
          w.get();
        }
      } finally {
        pool.shutdownNow();
      }
      a.table().delete("k3");
      // Both copies applied every record once each has read its own last write back.
      b.table().put("last", "b");
      a.table().put("last", "a");
      await("b has read a's last write")
          .atMost(Duration.ofSeconds(10))
          .until(() -> b.table().get("last", String.class).orElse("").equals("a"));
      assertThat(contents(a.table())).hasSize(10).doesNotContainKey("k3");
      assertThat(contents(b.table()))
          .as("the later write in the log wins on every copy")
          .isEqualTo(contents(a.table()));
    }
  }

  @Test
  void aRestartedCopyReadsWhatItMissedAndNothingIsLost() {
    String topic = "test.bridge_state." + TOPICS.incrementAndGet();
    try (Copy a = open(topic, "a", "br_00000000000a")) {
      Copy b = open(topic, "b", "br_00000000000b");
      a.table().put("before", "1");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> b.table().get("before", String.class).isPresent());
      b.close();

      a.table().put("while-down", "2");
      a.table().delete("before");
      try (Copy again = open(topic, "b", "br_00000000000b")) {
        // start() returns caught up: no wait needed.
        assertThat(contents(again.table())).isEqualTo(Map.of("while-down", "2"));
      }
    }
  }

  @Test
  void aBridgeThatKeptItsStateAloneSharesItAtItsFirstStart() {
    String topic = "test.bridge_state." + TOPICS.incrementAndGet();
    try (KeyValueStore legacy =
        KeyValueStore.open(dir.resolve("legacy"), List.of("t", "position"))) {
      legacy.table("t").put("acct_1", "kept before sharing");
    }
    try (Copy upgraded = open(topic, "legacy", "br_0000000000aa");
        Copy fresh = open(topic, "fresh", "br_0000000000bb")) {
      assertThat(contents(fresh.table())).isEqualTo(Map.of("acct_1", "kept before sharing"));
      assertThat(contents(upgraded.table())).isEqualTo(contents(fresh.table()));
    }
  }

  @Test
  void aCopyKeptBusyByWritesKnowsItIsCurrent() throws Exception {
    String topic = "test.bridge_state." + TOPICS.incrementAndGet();
    try (Copy a = open(topic, "a", "br_0000000000c1");
        Copy b = open(topic, "b", "br_0000000000c2")) {
      long worst = 0;
      long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      for (int i = 0; System.nanoTime() < until; i++) {
        // Written without waiting, as usage and rate-limit takes are: the log is never idle.
        a.table().putLater("busy", "value-" + i);
        Thread.sleep(5);
        worst = Math.max(worst, b.log().millisBehind());
      }
      assertThat(worst)
          .as("a copy that reads every write within milliseconds is not minutes old")
          .isLessThan(2_000);
    }
  }
}
