package io.fleetstream.bridge.internal.events;

import io.fleetstream.bridge.internal.http.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the event stream: what it asked for, a bounded queue of events not yet written to
 * it, and the thread that writes them. The hub never waits for a client: a client whose queue is
 * full is dropped (its stream ends), and it resumes from the log with {@code Last-Event-ID}, so a
 * slow client costs only itself.
 *
 * <p>A resuming client first catches up from its position to where the hub was when it subscribed;
 * live events arriving meanwhile wait in {@link #pending} (bounded too).
 */
public final class Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

  /** At most this many queued events go out in one write. */
  static final int BATCH = 256;

  private final String tenant;
  private final Set<EventCategory> categories;
  private final int capacity;
  private final BlockingQueue<EventStream.Event> queue;
  private final List<Pending> pending = new ArrayList<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final List<Runnable> onEnd = new ArrayList<>();
  private volatile String endReason;
  private volatile Thread writer;

  /** Live events below this position were (or will be) sent by the catch-up; null when none. */
  private StreamPosition floor;

  private boolean catchingUp;

  private record Pending(EventCategory category, TopicPartition tp, long offset, String data) {}

  Subscriber(String tenant, Set<EventCategory> categories, int capacity) {
    this.tenant = tenant;
    this.categories = Set.copyOf(categories);
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  public String tenant() {
    return tenant;
  }

  boolean wants(EventCategory category) {
    return categories.contains(category);
  }

  /**
   * Before the hub registers it: live events wait until {@link #caughtUp} (below floor skipped).
   */
  synchronized void startCatchUp(StreamPosition floor) {
    this.floor = floor;
    this.catchingUp = true;
  }

  /**
   * A live event from the hub. {@code hubPosition} is the hub's position just after it, asked for
   * only when the event is sent.
   */
  void live(
      EventCategory category,
      TopicPartition tp,
      long offset,
      String data,
      Supplier<StreamPosition> hubPosition) {
    if (ended.get() || !wants(category)) {
      return;
    }
    synchronized (this) {
      if (catchingUp) {
        if (pending.size() >= capacity) {
          end("fell more than " + capacity + " events behind while catching up");
        } else {
          pending.add(new Pending(category, tp, offset, data));
        }
        return;
      }
      if (floor != null && offset < floor.next(tp)) {
        return;
      }
      StreamPosition at =
          floor != null && floor.aheadOf(hubPosition.get())
              ? hubPosition.get().max(floor)
              : hubPosition.get();
      offer(new EventStream.Event(category.wireName(), data, at.encode()));
    }
  }

  /**
   * An event read by the catch-up, in log order per partition; waits for room, since only this
   * client's own catch-up waits.
   */
  boolean caughtUpEvent(EventCategory category, String data, StreamPosition after, Duration wait)
      throws InterruptedException {
    if (ended.get()) {
      return false;
    }
    if (!wants(category)) {
      return true;
    }
    if (!queue.offer(
        new EventStream.Event(category.wireName(), data, after.encode()),
        wait.toMillis(),
        TimeUnit.MILLISECONDS)) {
      end("did not read its backlog for " + wait.toSeconds() + " s");
      return false;
    }
    return true;
  }

  /**
   * A notice of the catch-up's own (not an event of the log, so no category filters it), such as a
   * {@code gap}: waits for room like a caught-up event.
   */
  boolean notice(String name, String data, StreamPosition at, Duration wait)
      throws InterruptedException {
    if (ended.get()) {
      return false;
    }
    if (!queue.offer(
        new EventStream.Event(name, data, at.encode()), wait.toMillis(), TimeUnit.MILLISECONDS)) {
      end("did not read its backlog for " + wait.toSeconds() + " s");
      return false;
    }
    return true;
  }

  /**
   * The catch-up reached the hub's position: the live events that waited go out, then live ones
   * directly. {@code reached} is where the catch-up ended; ids of waiting events start from it.
   */
  synchronized void caughtUp(StreamPosition reached) {
    floor = floor.max(reached);
    StreamPosition at = floor;
    for (Pending p : pending) {
      if (p.offset() < floor.next(p.tp())) {
        continue;
      }
      at = at.max(StreamPosition.of(java.util.Map.of(p.tp(), p.offset() + 1)));
      if (!offer(new EventStream.Event(p.category().wireName(), p.data(), at.encode()))) {
        return;
      }
    }
    pending.clear();
    catchingUp = false;
  }

  private boolean offer(EventStream.Event o) {
    if (!queue.offer(o)) {
      end("fell more than " + capacity + " events behind");
      return false;
    }
    return true;
  }

  /**
   * Writes queued events to {@code sink} until the stream ends; a comment every {@code heartbeat}
   * when there is nothing to send keeps proxies from closing an idle stream.
   */
  public void writeTo(EventStream.Sink sink, Duration heartbeat) {
    writer = Thread.currentThread();
    sink.onClose(() -> end("the client closed the stream"));
    try {
      List<EventStream.Event> batch = new ArrayList<>(BATCH);
      while (!ended.get()) {
        EventStream.Event first = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        boolean open;
        if (first == null) {
          open = sink.comment("heartbeat");
        } else {
          // Whatever queued up meanwhile goes out in the same write.
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
          open = sink.send(batch);
          batch.clear();
        }
        if (!open) {
          end("the client closed the stream");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      end("writing failed: " + e);
    } finally {
      sink.close();
    }
  }

  /** Runs {@code action} once when the stream ends (the hub forgets the subscriber). */
  synchronized void onEnd(Runnable action) {
    if (ended.get()) {
      action.run();
    } else {
      onEnd.add(action);
    }
  }

  /** Ends the stream; the first reason is kept. Never blocks on the client. */
  public void end(String reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    endReason = reason;
    LOG.debug("event stream of {} ended: {}", tenant, reason);
    List<Runnable> actions;
    synchronized (this) {
      actions = List.copyOf(onEnd);
    }
    actions.forEach(Runnable::run);
    Thread w = writer;
    if (w != null && w != Thread.currentThread()) {
      w.interrupt();
    }
  }

  public boolean ended() {
    return ended.get();
  }

  public String endReason() {
    return endReason;
  }
}
