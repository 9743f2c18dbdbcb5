package io.fleetstream.jobs.internal.threads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread (and of the threads it starts afterwards,
 * which inherit it), so that the operating system runs it only on CPU the live work leaves over.
 *
 * <p>Why: the re-optimizer solves a zone for up to 2 s at a time on a core of its own. On a machine
 * whose cores the telemetry path keeps busy, each solve took that core away in one block, and the
 * stream's outputs dipped for a second every 5–10 s (docs/benchmarks.md, 2026-12-07). Its rests
 * between solves bound its share over time; a lower priority makes it yield within a solve.
 *
 * <p>Linux only: threads are scheduled one by one there, and a process may lower (never raise) its
 * own threads' priority without privileges. Java has no call for it, so the thread finds its own id
 * in {@code /proc/thread-self} and runs {@code renice} once (util-linux; present in the Flink and
 * JRE images). Elsewhere, or without {@code renice}, the thread keeps its priority and says so.
 */
public final class BackgroundPriority {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);

  /** Niceness 10: a tenth of a normal thread's weight when both want the CPU. */
  public static final int NICENESS = 10;

  /** Links to {@code /proc/<pid>/task/<tid>} of the thread that reads it. */
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority to {@link #NICENESS}; true when it was lowered. */
  public static boolean lowerCurrentThread() {
    if (!Files.isSymbolicLink(THREAD_SELF)) {
      return false;
    }
    try {
      String tid = currentThreadId();
      if (niceness(tid) >= NICENESS) {
        return true; // already as low (renice would raise it, which needs privileges)
      }
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(NICENESS), "-p", tid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (renice.waitFor(10, TimeUnit.SECONDS) && renice.exitValue() == 0) {
        return true;
      }
      renice.destroyForcibly();
      LOG.info("thread {} keeps its priority: renice failed", Thread.currentThread().getName());
    } catch (java.io.IOException e) {
      LOG.info(
          "thread {} keeps its priority: {}", Thread.currentThread().getName(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** The niceness of thread {@code tid} of this process, from /proc; for tests. */
  static int niceness(String tid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
    // Fields after the command (in parentheses, which may hold spaces): state is the 3rd field,
    // nice the 19th.
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(after[19 - 3]);
  }

  /** The calling thread's id as the kernel knows it. */
  static String currentThreadId() throws java.io.IOException {
    return Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
  }
}
