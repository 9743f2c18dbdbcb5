package io.fleetstream.jobs.internal.serde;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The bytes of the large values serialized most recently, found by the value's identity.
 *
 * <p>Why: an async operator's queue is written to every checkpoint, whole, and a re-plan request
 * waits in it for its solver for several checkpoints (four a second in the stream benchmark), so
 * the same zone snapshots of a thousand jobs were written again and again: 4–5 % of the job's CPU
 * at 35,000 pings/s. The values are immutable, so one that is still the same object still has the
 * same bytes. Values are held weakly (a finished request is not kept alive); the bytes are kept up
 * to a budget, oldest dropped first. Thread-safe: the task thread and the checkpoint thread may
 * both serialize.
 */
final class SerializedMemo {

  /** Smaller documents are cheap to write again and would only churn the memo. */
  static final int MIN_BYTES = 8 * 1024;

  private final long budgetBytes;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long heldBytes;
  private long hits;

  private record Entry(WeakReference<Object> value, byte[] bytes) {}

  SerializedMemo(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** The bytes remembered for this very object, or null. */
  synchronized byte[] get(Object value) {
    Iterator<Entry> it = entries.descendingIterator();
    while (it.hasNext()) {
      Entry e = it.next();
      Object held = e.value.get();
      if (held == value) {
        hits++;
        return e.bytes;
      }
      if (held == null) {
        heldBytes -= e.bytes.length;
        it.remove();
      }
    }
    return null;
  }

  /** Remembers a value's bytes if they are large enough to be worth it. */
  synchronized void put(Object value, byte[] bytes) {
    if (bytes.length < MIN_BYTES || bytes.length > budgetBytes) {
      return;
    }
    entries.addLast(new Entry(new WeakReference<>(value), bytes));
    heldBytes += bytes.length;
    while (heldBytes > budgetBytes) {
      heldBytes -= entries.removeFirst().bytes.length;
    }
  }

  /** How often a value's bytes were found, for tests. */
  synchronized long hits() {
    return hits;
  }
}
