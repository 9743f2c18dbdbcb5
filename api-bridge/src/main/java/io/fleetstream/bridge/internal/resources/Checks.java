package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Field checks that name the field; the event schema checks again behind them. */
final class Checks {

  private static final Pattern PHONE = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");

  private Checks() {}

  /**
   * Runs every check, so a request with several wrong fields learns of all of them at once: the
   * error names the first (as always) and lists each, first included, under {@code details} as
   * {@code {param, code, message}}. With one problem it is thrown as is.
   */
  static void all(Runnable... checks) {
    ApiException first = null;
    List<Map<String, Object>> details = new ArrayList<>();
    for (Runnable check : checks) {
      try {
        check.run();
      } catch (ApiException e) {
        first = first == null ? e : first;
        if (e.extra().get("details") instanceof List<?> inner) {
          for (Object d : inner) {
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = (Map<String, Object>) d;
            details.add(detail);
          }
        } else {
          details.add(detail(e));
        }
      }
    }
    if (first == null) {
      return;
    }
    throw details.size() == 1 ? first : first.with("details", List.copyOf(details));
  }

  /**
   * Runs {@code check} on an item of a list (an added driver, say) and names the fields it refuses
   * under the item's path: {@code start_lat} becomes {@code add_drivers[0].start_lat}.
   */
  static <T> T under(String prefix, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (ApiException e) {
      ApiException named = e.withParam(e.param() == null ? prefix : prefix + "." + e.param());
      if (e.extra().get("details") instanceof List<?> inner) {
        List<Map<String, Object>> details = new ArrayList<>();
        for (Object d : inner) {
          @SuppressWarnings("unchecked")
          Map<String, Object> detail = new LinkedHashMap<>((Map<String, Object>) d);
          detail.put("param", prefix + "." + detail.get("param"));
          details.add(detail);
        }
        named = named.with("details", List.copyOf(details));
      }
      throw named;
    }
  }

  private static Map<String, Object> detail(ApiException e) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("param", e.param());
    d.put("code", e.code().code());
    d.put("message", e.getMessage());
    return d;
  }

  /** A device clock ahead of ours by more than this is wrong, not early. */
  static final java.time.Duration MAX_CLOCK_AHEAD = java.time.Duration.ofMinutes(5);

  /** A time the device reports must not be ahead of ours by more than {@link #MAX_CLOCK_AHEAD}. */
  static void notAhead(OffsetDateTime at, java.time.Instant now, String field) {
    if (at != null && at.toInstant().isAfter(now.plus(MAX_CLOCK_AHEAD))) {
      throw ApiException.invalid(field, field + " is in the future; send the device's time");
    }
  }

  static <T> T required(T value, String field) {
    if (value == null) {
      throw ApiException.invalid(field, "'" + field + "' is required");
    }
    return value;
  }

  static void range(Number value, double min, double max, String field) {
    if (value != null
        && (value.doubleValue() < min
            || value.doubleValue() > max
            || Double.isNaN(value.doubleValue()))) {
      throw ApiException.invalid(
          field,
          "'" + field + "' must be between " + fmt(min) + " and " + fmt(max) + ", not " + value);
    }
  }

  static void text(String value, int max, String field) {
    if (value != null && (value.isEmpty() || value.length() > max)) {
      throw ApiException.invalid(field, "'" + field + "' must be 1 to " + max + " characters");
    }
  }

  static void code(String value, String field) {
    if (value != null && !CODE.matcher(value).matches()) {
      throw ApiException.invalid(
          field, "'" + field + "' may hold 1 to 64 letters, digits, '_', '.', ':' or '-'");
    }
  }

  static void phone(String value, String field) {
    if (value != null && !PHONE.matcher(value).matches()) {
      throw ApiException.invalid(
          field, "'" + field + "' must be an E.164 number such as +14155550001");
    }
  }

  /** Both or neither, and the end after the start. */
  static void window(OffsetDateTime start, OffsetDateTime end, String startField, String endField) {
    if (start == null && end == null) {
      return;
    }
    if (start == null) {
      throw ApiException.invalid(
          startField, "'" + startField + "' is required when '" + endField + "' is set");
    }
    if (end == null) {
      throw ApiException.invalid(
          endField, "'" + endField + "' is required when '" + startField + "' is set");
    }
    if (!end.isAfter(start)) {
      throw ApiException.invalid(endField, "'" + endField + "' must be after '" + startField + "'");
    }
  }

  static void skills(List<String> skills, String field) {
    labels(skills, field, "skill");
  }

  /** Up to 64 distinct labels of 1 to 64 characters (skills, tags). */
  static void labels(List<String> labels, String field, String noun) {
    if (labels == null) {
      return;
    }
    if (labels.size() > 64) {
      throw ApiException.invalid(field, "at most 64 " + noun + "s");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < labels.size(); i++) {
      String s = labels.get(i);
      if (s == null || s.isEmpty() || s.length() > 64) {
        throw ApiException.invalid(field + "[" + i + "]", "a " + noun + " is 1 to 64 characters");
      }
      if (!seen.add(s)) {
        throw ApiException.invalid(field + "[" + i + "]", noun + " '" + s + "' is listed twice");
      }
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
