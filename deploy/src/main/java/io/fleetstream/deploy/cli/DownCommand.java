package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.stack.StackLauncher;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code down}: stops the job (with a savepoint) and the broker; leaves no process behind. */
@Command(
    name = "down",
    description = "Stop the stack: the dispatch job with a savepoint, then Kafka.")
public final class DownCommand implements Callable<Integer> {

  @Mixin StackOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    out.println("Stopping Fleetstream ...");
    out.flush();
    boolean wasRunning = new StackLauncher(options.dataDir(), out).down(Duration.ofSeconds(120));
    out.println(wasRunning ? "Fleetstream stopped." : "Fleetstream was not running.");
    return 0;
  }
}
