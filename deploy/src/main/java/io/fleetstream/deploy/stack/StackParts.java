package io.fleetstream.deploy.stack;

import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.deploy.bridge.BridgePort;
import io.fleetstream.deploy.bridge.EmbeddedBridge;
import io.fleetstream.deploy.functions.EmbeddedFunctions;
import io.fleetstream.deploy.local.StackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the supervisor starts each child process of an embedded stack — the Kafka broker, the HTTP
 * bridge and the webhook functions — on their ports and data, the first time and after one died.
 */
record StackParts(Path dataDir, StackPorts ports, int basePort, Path osmFile) {

  /** The road map's file as an argument ({@code -}: the embedded Monaco extract). */
  static String osmArg(Path osm) {
    return osm == null ? "-" : osm.toAbsolutePath().toString();
  }

  KafkaBroker broker() {
    return KafkaBroker.builder()
        .dataDir(dataDir.resolve("kafka"))
        .port(ports.kafka())
        .defaultPartitions(StackSupervisor.TOPIC_PARTITIONS)
        .heap("768m")
        .stopOnJvmExit(false)
        .build()
        .start();
  }

  EmbeddedBridge bridge(String bootstrap) {
    return EmbeddedBridge.start(
        dataDir.resolve("bridge"),
        bootstrap,
        BridgePort.resolve(dataDir, basePort),
        dataDir.resolve("logs"),
        bridgeSettings(),
        Duration.ofSeconds(120));
  }

  /**
   * One machine, one user: a webhook receiver on this machine must work out of the box (any other
   * deployment of the bridge refuses such targets unless configured); addresses are looked up on
   * the map the job drives on.
   */
  private Map<String, String> bridgeSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("webhooks.allow_private_targets", "true");
    if (osmFile != null) {
      settings.put("geocoding.osm_file", osmFile.toAbsolutePath().toString());
    }
    return settings;
  }

  /** Uses the bridge's sealing key, so the functions open the secrets the bridge sealed. */
  EmbeddedFunctions functions(String bootstrap) {
    return EmbeddedFunctions.start(
        dataDir.resolve("statefun"),
        bootstrap,
        dataDir.resolve("bridge").resolve(io.fleetstream.bridge.ApiBridge.WEBHOOK_SEAL_KEY_FILE),
        Duration.ofSeconds(120));
  }
}
