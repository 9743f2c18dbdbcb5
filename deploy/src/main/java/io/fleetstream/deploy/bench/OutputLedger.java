package io.fleetstream.deploy.bench;

import com.carrotsearch.hppc.LongHashSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The stream benchmark's bookkeeping, apart from Kafka: which pings and jobs went in, which outputs
 * came back (once, twice, never), and how late. Latencies run from the time a ping or job was
 * <em>scheduled</em> to be sent, not from when the generator got round to it, so a generator that
 * falls behind shows as latency instead of hiding it (coordinated omission).
 *
 * <p>Not thread-safe: the output reader calls it under its own lock; the generator keeps its own
 * record of the pings it sent and compares at the end of a phase.
 */
final class OutputLedger {

  /** What one measured phase saw. */
  record Phase(
      LongHashSet seen,
      Histogram pingLatency,
      Histogram jobLatency,
      long duplicates,
      long lastOutputAt) {

    /**
     * Pings in {@code sent} (slots as {@link OutputLedger#slot} numbers them) without their output.
     */
    long lostPings(LongHashSet sent) {
      long missing = 0;
      for (var slot : sent) {
        if (!seen.contains(slot.value)) {
          missing++;
        }
      }
      return missing;
    }
  }

  private final Map<String, Long> expectedJobs = new ConcurrentHashMap<>();
  private final Set<String> decisionIds = new HashSet<>();
  private final AtomicLong decided = new AtomicLong();
  private final AtomicLong pingOutputs = new AtomicLong();
  private PhaseState phase;

  private static final class PhaseState {
    final long start;
    final long windowMs;
    final int drivers;
    final LongHashSet seen = new LongHashSet();
    final Histogram pings = new Histogram(3_600_000L, 3);
    final Histogram jobs = new Histogram(3_600_000L, 3);
    long duplicates;
    long lastOutputAt;

    PhaseState(long start, long windowMs, int drivers) {
      this.start = start;
      this.windowMs = windowMs;
      this.drivers = drivers;
    }

    long slot(int driver, long ts) {
      return OutputLedger.slot(driver, ts - start, windowMs);
    }

    boolean inWindow(int driver, long ts) {
      return ts >= start && ts - start < windowMs && driver >= 0 && driver < drivers;
    }
  }

  /**
   * A ping's number in a phase: per driver, one per millisecond of the window (a long: 100,000
   * drivers × a 2-minute window is past an int).
   */
  static long slot(int driver, long offsetMs, long windowMs) {
    return driver * windowMs + offsetMs;
  }

  void beginPhase(long start, long windowMs, int drivers) {
    pingOutputs.set(0);
    phase = new PhaseState(start, windowMs, drivers);
  }

  Phase endPhase() {
    PhaseState p = phase;
    phase = null;
    return new Phase(p.seen, p.pings, p.jobs, p.duplicates, p.lastOutputAt);
  }

  /** A job went out; {@code scheduledAt} is when the generator should have sent it. */
  void expectJob(String jobId, long scheduledAt) {
    expectedJobs.put(jobId, scheduledAt);
  }

  /**
   * A decision came back; the first for its job times the job, a repeated event id is a duplicate.
   */
  void decision(String eventId, String jobId, long now) {
    if (!decisionIds.add(eventId)) {
      if (phase != null) {
        phase.duplicates++;
      }
      return;
    }
    Long sentAt = jobId == null ? null : expectedJobs.remove(jobId);
    if (sentAt != null) {
      decided.incrementAndGet();
      if (phase != null) {
        phase.jobs.recordValue(Math.max(0, now - sentAt));
      }
    }
  }

  /** A driver-state output for the ping of {@code driver} stamped {@code pingTs} came back. */
  void driverState(int driver, long pingTs, long now) {
    PhaseState p = phase;
    if (p == null || !p.inWindow(driver, pingTs)) {
      return;
    }
    if (!p.seen.add(p.slot(driver, pingTs))) {
      p.duplicates++;
      return;
    }
    pingOutputs.incrementAndGet();
    p.pings.recordValue(Math.max(0, now - pingTs));
    p.lastOutputAt = now;
  }

  long decidedJobs() {
    return decided.get();
  }

  long pendingJobs() {
    return expectedJobs.size();
  }

  List<String> somePendingJobs(int n) {
    return expectedJobs.keySet().stream().sorted().limit(n).toList();
  }

  long pingOutputs() {
    return pingOutputs.get();
  }
}
