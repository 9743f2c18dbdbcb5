package io.fleetstream.bridge.internal.auth;

import io.fleetstream.bridge.internal.ids.Ids;
import java.util.regex.Pattern;

/** The key format: {@code ork_live_} or {@code ork_test_} and 32 characters of Crockford base32. */
public final class ApiKeys {

  public static final String LIVE = "ork_live_";
  public static final String TEST = "ork_test_";
  static final Pattern FORMAT = Pattern.compile("^ork_(live|test)_[0-9a-hjkmnp-tv-z]{32}$");

  private ApiKeys() {}

  /** A new secret key for a live or sandbox account. */
  public static String generate(boolean sandbox) {
    return (sandbox ? TEST : LIVE) + Ids.secret(32);
  }

  public static boolean wellFormed(String key) {
    return FORMAT.matcher(key).matches();
  }

  /** What is stored and looked up: the lowercase hex SHA-256 of the whole key. */
  public static String hash(String key) {
    return Ids.sha256Hex(key);
  }

  /** Enough of a key to recognise it in a list ({@code ork_live_7hk2}), never enough to use it. */
  public static String displayPrefix(String key) {
    return key.substring(0, LIVE.length() + 4);
  }
}
