package io.fleetstream.deploy.bench;

import com.carrotsearch.hppc.LongArrayList;
import java.util.Arrays;
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
      long[] seen,
      Histogram pingLatency,
      Histogram jobLatency,
      long duplicates,
      long lastOutputAt) {

    /** Pings whose output came back at least once. */
    long uniquePings() {
      return seen.length;
    }

    /**
     * Pings in {@code sent} (slots as {@link OutputLedger#slot} numbers them) without their output.
     */
    long lostPings(LongArrayList sent) {
      long[] sorted = Arrays.copyOf(sent.buffer, sent.size());
      Arrays.sort(sorted);
      long missing = 0;
      int s = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (i > 0 && sorted[i] == sorted[i - 1]) {
          continue;
        }
        while (s < seen.length && seen[s] < sorted[i]) {
          s++;
        }
        if (s == seen.length || seen[s] != sorted[i]) {
          missing++;
        }
      }
      return missing;
    }
  }

  /**
   * Low bits of an arrival: its latency in ms, capped at the histograms' range (an hour); the
   * ping's slot is in the bits above.
   */
  private static final int LATENCY_BITS = 22;

  private static final long MAX_LATENCY_MS = 3_600_000L;

  private final Map<String, Long> expectedJobs = new ConcurrentHashMap<>();
  private final Set<String> decisionIds = new HashSet<>();
  private final AtomicLong decided = new AtomicLong();
  private final AtomicLong pingOutputs = new AtomicLong();
  private PhaseState phase;

  private static final class PhaseState {
    final long start;
    final long windowMs;
    final int drivers;

    /**
     * Every ping output as it arrived, its slot and latency in one long, counted at the end of the
     * phase. Why not a set of slots: at tens of thousands of outputs a second, a hash set of
     * millions of slots missed the CPU cache on each, and the benchmark's reader shares the machine
     * with the job it measures.
     */
    final LongArrayList arrivals = new LongArrayList();

    final Histogram jobs = new Histogram(MAX_LATENCY_MS, 3);
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
    if ((long) drivers * windowMs >= 1L << (63 - LATENCY_BITS)) {
      throw new IllegalArgumentException(
          "a phase of " + windowMs + " ms for " + drivers + " drivers has too many ping slots");
    }
    pingOutputs.set(0);
    phase = new PhaseState(start, windowMs, drivers);
  }

  /**
   * Counts the phase's outputs: a ping's first output (the one with the smallest latency) times it,
   * any later one for the same ping is a duplicate.
   */
  Phase endPhase() {
    PhaseState p = phase;
    phase = null;
    long[] a = p.arrivals.buffer;
    int n = p.arrivals.size();
    Arrays.sort(a, 0, n);
    Histogram pings = new Histogram(MAX_LATENCY_MS, 3);
    long duplicates = p.duplicates;
    int unique = 0;
    for (int i = 0; i < n; i++) {
      long slot = a[i] >>> LATENCY_BITS;
      if (unique > 0 && a[unique - 1] == slot) {
        duplicates++;
        continue;
      }
      pings.recordValue(a[i] & ((1L << LATENCY_BITS) - 1));
      a[unique++] = slot; // the sorted slots, written over the arrivals already read
    }
    return new Phase(Arrays.copyOf(a, unique), pings, p.jobs, duplicates, p.lastOutputAt);
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
    long latency = Math.min(MAX_LATENCY_MS, Math.max(0, now - pingTs));
    p.arrivals.add(p.slot(driver, pingTs) << LATENCY_BITS | latency);
    pingOutputs.incrementAndGet();
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

  /**
   * Ping outputs so far in this phase, for progress and for knowing when all are back; a duplicate
   * counts here too (duplicates are told apart when the phase ends).
   */
  long pingOutputs() {
    return pingOutputs.get();
  }
}
