package io.fleetstream.bridge.internal.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Resource ids: a prefix ({@code job_}, {@code drv_} …) and 26 characters of Crockford base32.
 * Random ids start with the time, so they sort by creation. An id derived from an Idempotency-Key
 * is the same on every retry of that request, so a retry after an uncertain failure (503) names the
 * same resource and the same event, and downstream de-duplication by event id keeps it single.
 */
public final class Ids {

  public static final String ACCOUNT = "acct_";
  public static final String DRIVER = "drv_";
  public static final String JOB = "job_";
  public static final String ROUTE = "rte_";
  public static final String WEBHOOK_ENDPOINT = "whe_";
  public static final String OPTIMIZATION_RUN = "opt_";
  public static final String API_KEY = "ork_";
  public static final String EVENT = "evt_";
  public static final String AUDIT = "aud_";

  private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A fresh id that sorts after ids made earlier (to the millisecond). */
  public static String random(String prefix) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return prefix + encodeTime(System.currentTimeMillis()) + encode(random, 16);
  }

  /** The same id for the same inputs: {@code derived("job_", account, key)}. */
  public static String derived(String prefix, String... parts) {
    return prefix + encode(sha256(String.join("\u0000", parts)), 26);
  }

  /** Random characters from the same alphabet (secrets, key bodies). */
  public static String secret(int length) {
    byte[] random = new byte[(length * 5 + 7) / 8];
    RANDOM.nextBytes(random);
    return encode(random, length);
  }

  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  private static String encodeTime(long millis) {
    char[] out = new char[10];
    for (int i = 9; i >= 0; i--) {
      out[i] = CROCKFORD[(int) (millis & 31)];
      millis >>>= 5;
    }
    return new String(out);
  }

  private static String encode(byte[] bytes, int chars) {
    StringBuilder sb = new StringBuilder(chars);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5 && sb.length() < chars) {
        sb.append(CROCKFORD[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return sb.toString();
  }
}
