package io.fleetstream.deploy.bridge;

import io.fleetstream.broker.process.LocalPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bridge's port in the embedded stack: with a base port P it is P+2 (Kafka P, Flink web UI
 * P+1); without one it is the port of the last start if free, else 9094, else a free port.
 */
public final class BridgePort {

  static final int DEFAULT = 9094;
  private static final String FILE = "bridge.port";

  private BridgePort() {}

  public static int resolve(Path dataDir, int basePort) {
    try {
      Path file = dataDir.resolve(FILE);
      int port;
      if (basePort > 0) {
        port = basePort + 2;
        if (port > 65535 || !LocalPorts.isFree(port)) {
          throw new IllegalArgumentException(
              "port " + port + " for the HTTP bridge is taken or invalid; choose another --port");
        }
      } else {
        int previous = Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 0;
        port =
            previous > 0 && LocalPorts.isFree(previous)
                ? previous
                : LocalPorts.isFree(DEFAULT) ? DEFAULT : LocalPorts.freePort();
      }
      Files.createDirectories(dataDir);
      Files.writeString(file, Integer.toString(port));
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
