package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.stack.StackStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The bridge an operator command calls and the operator's admin key: {@code --bridge-url} and
 * {@code --operator-key-file}, else the running stack's of the data dir. Without a data-dir option
 * of its own, so commands that also read Kafka share one {@code --data-dir}.
 */
final class BridgeAdminOptions {

  @Option(
      names = "--bridge-url",
      paramLabel = "URL",
      description = "The bridge to call (default: the running stack's, from `status`).")
  String bridgeUrl;

  @Option(
      names = "--operator-key-file",
      paramLabel = "FILE",
      description = "The operator's admin key (default: <data dir>/bridge/operator.key).")
  Path keyFile;

  /** The given URL, else the running stack's bridge; empty when neither is there. */
  Optional<String> url(Path dataDir) {
    if (bridgeUrl != null) {
      return Optional.of(bridgeUrl.replaceAll("/+$", ""));
    }
    return StackStatus.read(dataDir)
        .filter(StackStatus::isLive)
        .map(StackStatus::bridge)
        .map(StackStatus.Bridge::url);
  }

  /** The operator key; an exception naming the file when it cannot be read. */
  String key(Path dataDir) throws IOException {
    Path file = keyFile != null ? keyFile : dataDir.resolve("bridge").resolve("operator.key");
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "no operator key at " + file + " (the bridge writes it at its first start)");
    }
    return Files.readString(file, StandardCharsets.US_ASCII).trim();
  }
}
