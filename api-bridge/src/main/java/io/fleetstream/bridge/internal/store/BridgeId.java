package io.fleetstream.bridge.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This bridge's name among the bridges sharing one Kafka cluster, kept in {@code
 * <data.dir>/bridge.id} so a restart keeps it: the counters a bridge owns (usage, rate-limit takes)
 * go on under the same name instead of starting a second set.
 */
public final class BridgeId {

  public static final String FILE_NAME = "bridge.id";

  private BridgeId() {}

  /** The id in {@code dataDir}, made at the first start. */
  public static String ensure(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.isRegularFile(file)) {
        String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (id.matches("br_[0-9a-f]{12}")) {
          return id;
        }
        throw new IllegalStateException(
            file + " does not hold a bridge id (br_ and 12 hex digits)");
      }
      Files.createDirectories(dataDir);
      String id = "br_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
      Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the bridge id in " + file, e);
    }
  }
}
