package io.fleetstream.broker.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process and everything it started: politely first, then by force. */
public final class ProcessTree {

  private ProcessTree() {}

  /**
   * SIGTERM to the process, wait up to {@code grace}, then SIGKILL to it and all its descendants.
   */
  public static void stop(ProcessHandle root, Duration grace) {
    List<ProcessHandle> descendants = root.descendants().toList();
    if (root.isAlive()) {
      root.destroy();
      try {
        root.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        root.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        root.destroyForcibly();
      }
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    try {
      root.onExit().get(5, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // a process that survives SIGKILL for 5 s is stuck in the kernel; nothing more we can do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
