package io.fleetstream.bridge.internal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.bridge.internal.http.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The per-client rules of the event stream, with a sink standing in for the HTTP client. */
class SubscriberTest {

  private static final TopicPartition P0 = new TopicPartition("fleetstream.jobs.v1", 0);
  private static final TopicPartition P1 = new TopicPartition("fleetstream.jobs.v1", 1);

  /** Records what is written; {@code open} false plays a client that went away. */
  static final class RecordingSink implements EventStream.Sink {
    final List<String> lines = new ArrayList<>();
    final AtomicInteger comments = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile boolean open = true;

    @Override
    public synchronized boolean send(List<EventStream.Event> events) {
      events.forEach(e -> lines.add(e.event() + " " + e.id() + " " + e.data()));
      return open;
    }

    @Override
    public boolean comment(String text) {
      comments.incrementAndGet();
      return open;
    }

    @Override
    public void onClose(Runnable action) {}

    @Override
    public void close() {
      closed.countDown();
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }
  }

  private static StreamPosition at(long p0, long p1) {
    return StreamPosition.of(Map.of(P0, p0, P1, p1));
  }

  @Test
  void aClientThatFallsBehindIsDroppedWithoutTheHubWaiting() {
    Subscriber s = new Subscriber("acct_a", EventCategory.all(), 2);
    List<String> forgotten = new ArrayList<>();
    s.onEnd(() -> forgotten.add("gone"));
    for (int i = 0; i < 3; i++) {
      long offset = i;
      s.live(EventCategory.JOB, P0, offset, "{}", () -> at(offset + 1, 0));
    }
    assertThat(s.ended()).isTrue();
    assertThat(s.endReason()).contains("more than 2 events behind");
    assertThat(forgotten).containsExactly("gone");
  }

  @Test
  void onlyTheAskedForTypesAreQueuedAndWrittenWithTheirPosition() throws Exception {
    Subscriber s = new Subscriber("acct_a", EnumSet.of(EventCategory.ASSIGNMENT), 10);
    s.live(EventCategory.JOB, P0, 0, "{\"n\":0}", () -> at(1, 0));
    s.live(EventCategory.ASSIGNMENT, P1, 4, "{\"n\":1}", () -> at(1, 5));
    RecordingSink sink = new RecordingSink();
    Thread writer = new Thread(() -> s.writeTo(sink, Duration.ofMillis(50)));
    writer.start();
    awaitLines(sink, 1);
    assertThat(sink.lines()).containsExactly("assignment 1_0.0.1_0.1.5 {\"n\":1}");
    assertThat(sink.closed.await(200, TimeUnit.MILLISECONDS)).isFalse();
    sink.open = false; // the next heartbeat finds the client gone
    assertThat(sink.closed.await(5, TimeUnit.SECONDS)).isTrue();
    writer.join(5_000);
    assertThat(s.ended()).isTrue();
    assertThat(sink.comments.get()).isPositive();
  }

  @Test
  void liveEventsWaitForTheCatchUpAndThoseItAlreadySentAreSkipped() throws Exception {
    Subscriber s = new Subscriber("acct_a", EventCategory.all(), 10);
    // Resuming from (0, 0) while the hub is at (2, 0): the catch-up reads P0 offsets 0 and 1.
    s.startCatchUp(at(2, 0));
    s.live(EventCategory.JOB, P1, 0, "live-p1-0", () -> at(2, 1));
    s.live(EventCategory.JOB, P0, 2, "live-p0-2", () -> at(3, 1));
    assertThat(s.caughtUpEvent(EventCategory.JOB, "old-p0-0", at(1, 0), Duration.ofSeconds(1)))
        .isTrue();
    assertThat(s.caughtUpEvent(EventCategory.JOB, "old-p0-1", at(2, 0), Duration.ofSeconds(1)))
        .isTrue();
    s.caughtUp(at(2, 0));
    // A live event the catch-up covered (below its floor) is not sent twice.
    s.live(EventCategory.JOB, P0, 1, "dup-p0-1", () -> at(3, 1));
    s.live(EventCategory.JOB, P0, 3, "live-p0-3", () -> at(4, 1));

    RecordingSink sink = new RecordingSink();
    Thread writer = new Thread(() -> s.writeTo(sink, Duration.ofSeconds(5)));
    writer.start();
    awaitLines(sink, 5);
    assertThat(sink.lines())
        .containsExactly(
            "job 1_0.0.1 old-p0-0",
            "job 1_0.0.2 old-p0-1",
            "job 1_0.0.2_0.1.1 live-p1-0",
            "job 1_0.0.3_0.1.1 live-p0-2",
            "job 1_0.0.4_0.1.1 live-p0-3");
    s.end("test over");
    writer.join(5_000);
    assertThat(writer.isAlive()).isFalse();
  }

  private static void awaitLines(RecordingSink sink, int n) {
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.lines().size() >= n);
  }
}
