package io.fleetstream.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The numbers and patterns of {@code common.schema.json}, read once from the schema file itself.
 *
 * <p>Why: the fast paths (telemetry pings, the bridge's job events) check the schema's rules by
 * hand to skip the schema engine. Had they copied the bounds as literals, tightening a bound in the
 * schema would leave the fast path accepting what the schema now rejects, silently. Reading them
 * here means a schema change moves every fast path with it. A limit the schema does not state (a
 * renamed property, a removed bound) fails class initialisation instead of turning into "no limit".
 */
public final class SchemaLimits {

  private static final String COMMON = "io/fleetstream/schemas/json/common.schema.json";
  private static final JsonNode DEFS = load().path("$defs");

  private SchemaLimits() {}

  /**
   * The bounds of a number; {@code minExclusive}/{@code maxExclusive} for the exclusive keywords.
   * An unstated side is infinite.
   */
  public record Range(double min, boolean minExclusive, double max, boolean maxExclusive) {

    /** True when {@code v} is a number inside the range (false for NaN). */
    public boolean contains(double v) {
      return (minExclusive ? v > min : v >= min) && (maxExclusive ? v < max : v <= max);
    }
  }

  /**
   * A string's {@code minLength}/{@code maxLength} (0 and {@code Integer.MAX_VALUE} when unstated).
   */
  public record Length(int min, int max) {

    public boolean contains(int length) {
      return length >= min && length <= max;
    }
  }

  /** The range of number property {@code property} of {@code $defs/def}. */
  public static Range range(String def, String property) {
    JsonNode p = property(def, property);
    if (!p.hasNonNull("minimum")
        && !p.hasNonNull("exclusiveMinimum")
        && !p.hasNonNull("maximum")
        && !p.hasNonNull("exclusiveMaximum")) {
      throw new IllegalStateException(def + "." + property + " states no bound in " + COMMON);
    }
    boolean minExclusive = p.hasNonNull("exclusiveMinimum");
    boolean maxExclusive = p.hasNonNull("exclusiveMaximum");
    double min =
        minExclusive
            ? p.get("exclusiveMinimum").doubleValue()
            : p.hasNonNull("minimum") ? p.get("minimum").doubleValue() : Double.NEGATIVE_INFINITY;
    double max =
        maxExclusive
            ? p.get("exclusiveMaximum").doubleValue()
            : p.hasNonNull("maximum") ? p.get("maximum").doubleValue() : Double.POSITIVE_INFINITY;
    return new Range(min, minExclusive, max, maxExclusive);
  }

  /** The length bounds of string property {@code property} of {@code $defs/def}. */
  public static Length length(String def, String property) {
    JsonNode p = property(def, property);
    if (!p.hasNonNull("minLength") && !p.hasNonNull("maxLength")) {
      throw new IllegalStateException(def + "." + property + " states no length in " + COMMON);
    }
    return new Length(
        p.path("minLength").asInt(0),
        p.hasNonNull("maxLength") ? p.get("maxLength").asInt() : Integer.MAX_VALUE);
  }

  /** {@code maxItems} of array property {@code property} of {@code $defs/def}. */
  public static int maxItems(String def, String property) {
    JsonNode p = property(def, property);
    if (!p.hasNonNull("maxItems")) {
      throw new IllegalStateException(def + "." + property + " states no maxItems in " + COMMON);
    }
    return p.get("maxItems").asInt();
  }

  /** {@code maxItems} of the array definition {@code $defs/def} itself (e.g. {@code skills}). */
  public static int maxItems(String def) {
    JsonNode d = definition(def);
    if (!d.hasNonNull("maxItems")) {
      throw new IllegalStateException(def + " states no maxItems in " + COMMON);
    }
    return d.get("maxItems").asInt();
  }

  /** The length bounds of the items of the array definition {@code $defs/def}. */
  public static Length itemLength(String def) {
    JsonNode items = definition(def).path("items");
    if (!items.hasNonNull("minLength") || !items.hasNonNull("maxLength")) {
      throw new IllegalStateException(def + " items state no length in " + COMMON);
    }
    return new Length(items.get("minLength").asInt(), items.get("maxLength").asInt());
  }

  /** The {@code pattern} of the string definition {@code $defs/def} (e.g. {@code tenant}). */
  public static String pattern(String def) {
    JsonNode d = definition(def);
    if (!d.hasNonNull("pattern")) {
      throw new IllegalStateException(def + " states no pattern in " + COMMON);
    }
    return d.get("pattern").asText();
  }

  private static JsonNode definition(String def) {
    JsonNode d = DEFS.path(def);
    if (!d.isObject()) {
      throw new IllegalStateException("no $defs/" + def + " in " + COMMON);
    }
    return d;
  }

  private static JsonNode property(String def, String property) {
    JsonNode p = definition(def).path("properties").path(property);
    if (!p.isObject()) {
      throw new IllegalStateException(
          "no $defs/" + def + "/properties/" + property + " in " + COMMON);
    }
    return p;
  }

  private static JsonNode load() {
    try (InputStream in = SchemaLimits.class.getClassLoader().getResourceAsStream(COMMON)) {
      if (in == null) {
        throw new IllegalStateException(COMMON + " is not on the classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
