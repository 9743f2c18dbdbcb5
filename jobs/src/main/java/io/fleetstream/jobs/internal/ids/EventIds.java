package io.fleetstream.jobs.internal.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids of the events the job derives. Each is a name-based UUID of what caused it, so the event a
 * replay after a failure produces has the same id as the first time, and consumers de-duplicate.
 */
public final class EventIds {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * The digest is reused per thread: {@code UUID.nameUUIDFromBytes} looks the MD5 provider up and
   * formats through a UUID and a string replace for every id, and the tracker derives one per ping.
   */
  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("MD5 is required of every Java platform", e);
            }
          });

  private EventIds() {}

  /** {@code evt_} and the hex digits of the type 3 UUID of the parts joined with {@code |}. */
  public static String derived(String... parts) {
    byte[] md5 = MD5.get().digest(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    // The version and variant bits of a name-based UUID, as UUID.nameUUIDFromBytes sets them.
    md5[6] = (byte) ((md5[6] & 0x0f) | 0x30);
    md5[8] = (byte) ((md5[8] & 0x3f) | 0x80);
    return "evt_" + HEX.formatHex(md5);
  }
}
