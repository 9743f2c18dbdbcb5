package io.fleetstream.schemas.json;

import com.ethlo.time.ITU;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string rules of a telemetry ping as plain character loops.
 *
 * <p>Why not the regexes the schema states: at 50,000 pings a second the {@code Pattern} matchers
 * were a visible share of the job's CPU, and every rule here is a fixed ASCII character class with
 * a length bound, which a loop over the chars answers exactly. The tenant and entity id classes and
 * bounds are read from the schema's own patterns at start-up (see {@link CharRun}), so a schema
 * change reaches this path too. Each method names the pattern it stands for, with {@link
 * java.util.regex.Matcher#matches()} semantics; a differential test checks them against those
 * patterns on random strings.
 */
final class TelemetryStrings {

  /**
   * The tenant pattern of the schema ({@code ^[A-Za-z0-9_.-]{1,64}$} today), as a character table.
   */
  private static final CharRun TENANT = CharRun.of(SchemaLimits.pattern("tenant"));

  /** The entity id pattern of the schema ({@code ^[A-Za-z0-9_.:-]{1,128}$} today). */
  private static final CharRun ENTITY_ID = CharRun.of(SchemaLimits.pattern("entityId"));

  private static final boolean[] SOURCE_SEGMENT =
      table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-");
  private static final int SOURCE_MAX_LENGTH = SchemaLimits.length("envelope", "source").max();

  private TelemetryStrings() {}

  /** The schema's tenant pattern ({@code ^[A-Za-z0-9_.-]{1,64}$}). */
  static boolean isTenant(String text) {
    return TENANT.matches(text);
  }

  /** The schema's entity id pattern ({@code ^[A-Za-z0-9_.:-]{1,128}$}). */
  static boolean isEntityId(String text) {
    return ENTITY_ID.matches(text);
  }

  /**
   * {@code ^/?[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$} within the schema's maximum length (512 chars
   * today): a conservative subset of uri-reference, a plain path such as {@code /driver-app}.
   */
  static boolean isSource(String text) {
    int length = text.length();
    if (length > SOURCE_MAX_LENGTH) {
      return false;
    }
    int i = text.startsWith("/") ? 1 : 0;
    boolean segmentStart = true;
    for (; i < length; i++) {
      char c = text.charAt(i);
      if (c == '/' && !segmentStart) {
        segmentStart = true;
      } else if (in(SOURCE_SEGMENT, c)) {
        segmentStart = false;
      } else {
        return false;
      }
    }
    return !segmentStart;
  }

  /**
   * An RFC 3339 date-time of the common shape, parsed with the library the schema's format check
   * uses; null when the shape is rarer (space separator, lower-case t/z) or the date is impossible.
   */
  static Instant dateTime(String text) {
    if (!isDateTimeShape(text)) {
      return null;
    }
    try {
      return ITU.parseDateTime(text).toInstant();
    } catch (RuntimeException e) {
      // ITU reports February 30th, leap seconds and offsets beyond ±18:00 by throwing.
      return null;
    }
  }

  /** {@code ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$}. */
  static boolean isDateTimeShape(String text) {
    int length = text.length();
    if (length < 20
        || !digits(text, 0, 4)
        || text.charAt(4) != '-'
        || !digits(text, 5, 7)
        || text.charAt(7) != '-'
        || !digits(text, 8, 10)
        || text.charAt(10) != 'T'
        || !digits(text, 11, 13)
        || text.charAt(13) != ':'
        || !digits(text, 14, 16)
        || text.charAt(16) != ':'
        || !digits(text, 17, 19)) {
      return false;
    }
    int i = 19;
    if (text.charAt(i) == '.') {
      int start = ++i;
      while (i < length && isDigit(text.charAt(i))) {
        i++;
      }
      if (i == start || i - start > 9) {
        return false;
      }
    }
    if (i == length - 1) {
      return text.charAt(i) == 'Z';
    }
    return i == length - 6
        && (text.charAt(i) == '+' || text.charAt(i) == '-')
        && digits(text, i + 1, i + 3)
        && text.charAt(i + 3) == ':'
        && digits(text, i + 4, i + 6);
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code \d} without UNICODE_CHARACTER_CLASS is ASCII only. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * A pattern of the one shape {@code ^[class]{min,max}$}, answered by a table of the ASCII
   * characters the class holds (built by asking {@link Pattern} itself, char by char). A pattern of
   * another shape fails class initialisation: this loop would no longer mean what the schema says.
   */
  record CharRun(boolean[] table, int min, int max) {

    private static final Pattern SHAPE =
        Pattern.compile("\\^\\[((?:[^\\]\\\\]|\\\\.)+)]\\{(\\d+),(\\d+)}\\$");

    static CharRun of(String pattern) {
      Matcher m = SHAPE.matcher(pattern);
      if (!m.matches()) {
        throw new IllegalStateException(
            "the fast path reads only ^[class]{min,max}$ patterns, not " + pattern);
      }
      Pattern member = Pattern.compile("[" + m.group(1) + "]");
      boolean[] table = new boolean[128];
      for (char c = 0; c < 128; c++) {
        table[c] = member.matcher(String.valueOf(c)).matches();
      }
      for (char c = 128; c < Character.MAX_VALUE; c++) {
        if (member.matcher(String.valueOf(c)).matches()) {
          throw new IllegalStateException(
              "the fast path's tables are ASCII only, and " + pattern + " is not");
        }
      }
      return new CharRun(table, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    boolean matches(String text) {
      int length = text.length();
      if (length < min || length > max) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (!in(table, text.charAt(i))) {
          return false;
        }
      }
      return true;
    }
  }

  private static boolean in(boolean[] table, char c) {
    return c < table.length && table[c];
  }

  private static boolean[] table(String chars) {
    boolean[] table = new boolean[128];
    for (int i = 0; i < chars.length(); i++) {
      table[chars.charAt(i)] = true;
    }
    return table;
  }
}
