package io.fleetstream.deploy.cli;

import io.fleetstream.bridge.ApiBridge;
import io.fleetstream.connectors.secrets.SealKeyFile;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.deploy.demo.DemoFleet;
import io.fleetstream.deploy.demo.DemoLayout;
import io.fleetstream.deploy.demo.DemoRun;
import io.fleetstream.deploy.stack.StackStatus;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: starts the stack if needed, feeds a scripted fleet, prints decisions as they stream
 * out.
 */
@Command(
    name = "demo",
    description =
        "Run a small scripted fleet in Monaco (or, on another map, laid out the same way) through"
            + " the real stack and print the decisions.")
public final class DemoCommand implements Callable<Integer> {

  @Mixin StackOptions options;

  @Mixin MapOption map = new MapOption();

  @Option(
      names = "--keep-running",
      description = "Leave the stack running after the demo if the demo started it.")
  boolean keepRunning;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description = "Give up waiting for decisions after this long.")
  int timeoutSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    BorrowedStack stack = BorrowedStack.start(options, map, out, spec.commandLine().getErr());
    if (stack == null) {
      return 1;
    }
    StackStatus status = stack.status();
    String tenant =
        "demo-" + OffsetDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path osm = status.osmPath();
    out.printf(
        "%nDemo fleet %s — map data © OpenStreetMap contributors, ODbL. Tenant %s.%n",
        osm == null ? "in Monaco" : "laid out as in Monaco on the map " + osm.getFileName(),
        tenant);
    out.flush();
    boolean ok;
    // On another map, the demo's own copy of its graph (as the simulator's) places the script.
    RoadNetwork road = osm == null ? null : SimulatorMap.load(options.dataDir(), osm);
    try {
      ok =
          new DemoRun(
                  status.kafka().bootstrapServers(),
                  new DemoFleet(
                      tenant,
                      OffsetDateTime.now(),
                      road == null ? DemoLayout.MONACO : DemoLayout.movedTo(road)),
                  out,
                  Duration.ofSeconds(timeoutSeconds),
                  webhookSeal(status))
              .run();
    } finally {
      if (road != null) {
        road.close();
      }
      if (stack.mustStop(keepRunning)) {
        out.println();
        out.println(
            "Stopping the stack the demo started (use --keep-running, or `bin/fleetstream up` first, to keep it).");
        out.flush();
        stack.stop();
        out.println("Fleetstream stopped.");
      }
    }
    out.flush();
    return ok ? 0 : 1;
  }

  /** The stack's webhook seal when it delivers webhooks (the key its bridge seals secrets with). */
  private static SecretSeal webhookSeal(StackStatus status) {
    if (status.functions() == null) {
      return null;
    }
    return SealKeyFile.load(
        Path.of(status.dataDir()).resolve("bridge").resolve(ApiBridge.WEBHOOK_SEAL_KEY_FILE));
  }
}
