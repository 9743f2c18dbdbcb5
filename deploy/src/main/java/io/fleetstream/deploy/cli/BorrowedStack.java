package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.stack.StackLauncher;
import io.fleetstream.deploy.stack.StackStatus;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The stack a command works against (demo, simulate): the running one, or one started for the
 * command, which the command stops afterwards unless told to keep it.
 */
final class BorrowedStack {

  private final StackLauncher launcher;
  private final boolean startedHere;
  private final StackStatus status;

  private BorrowedStack(StackLauncher launcher, boolean startedHere, StackStatus status) {
    this.launcher = launcher;
    this.startedHere = startedHere;
    this.status = status;
  }

  /** The stack, started if none runs; null when it could not be started (the reason is printed). */
  static BorrowedStack start(
      StackOptions options, MapOption map, PrintWriter out, PrintWriter err) {
    StackLauncher launcher = new StackLauncher(options.dataDir(), out);
    boolean startedHere = launcher.live().isEmpty();
    StackStatus status = UpCommand.start(options, map, out, err);
    return status == null ? null : new BorrowedStack(launcher, startedHere, status);
  }

  StackStatus status() {
    return status;
  }

  /** True when this command started the stack and was not told to keep it running. */
  boolean mustStop(boolean keepRunning) {
    return startedHere && !keepRunning;
  }

  void stop() {
    launcher.down(Duration.ofSeconds(120));
  }
}
