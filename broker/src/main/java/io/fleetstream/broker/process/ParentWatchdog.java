package io.fleetstream.broker.process;

import java.time.Instant;
import java.util.Optional;

/**
 * Ends this JVM when the process that started it is gone. A shutdown hook in the parent cannot run
 * after {@code kill -9}; this check in the child can, so no child outlives its parent.
 */
public final class ParentWatchdog {

  private ParentWatchdog() {}

  /**
   * Starts a daemon thread that exits this JVM (hooks run, then a hard halt) once {@code parentPid}
   * dies.
   */
  public static void watch(long parentPid, Runnable beforeExit) {
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    // Remember the start time: the pid alone could be reused by an unrelated process.
    Optional<Instant> started = parent.flatMap(p -> p.info().startInstant());
    Thread thread =
        new Thread(
            () -> {
              while (true) {
                Optional<ProcessHandle> now = ProcessHandle.of(parentPid);
                boolean alive =
                    now.isPresent()
                        && now.get().isAlive()
                        && (started.isEmpty() || started.equals(now.get().info().startInstant()));
                if (!alive) {
                  beforeExit.run();
                  Thread halter =
                      new Thread(
                          () -> {
                            try {
                              Thread.sleep(20_000);
                            } catch (InterruptedException ignored) {
                              // exiting anyway
                            }
                            Runtime.getRuntime().halt(3);
                          },
                          "fleetstream-halt");
                  halter.setDaemon(true);
                  halter.start();
                  System.exit(0);
                  return;
                }
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "fleetstream-parent-watchdog");
    thread.setDaemon(true);
    thread.start();
  }
}
