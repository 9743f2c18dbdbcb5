package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written matchers answer exactly what the schema's patterns answer: a differential test
 * over many random strings, biased towards the edges (length bounds, neighbouring characters).
 */
class TelemetryStringsTest {

  // The schema's own patterns: a schema change the loops do not follow fails here.
  private static final Pattern TENANT = Pattern.compile(SchemaLimits.pattern("tenant"));
  private static final Pattern ENTITY_ID = Pattern.compile(SchemaLimits.pattern("entityId"));
  private static final Pattern SOURCE = Pattern.compile("^/?[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$");

  /**
   * Every class member, its neighbours in ASCII, separators, controls, non-ASCII and a surrogate.
   */
  private static final String ALPHABET = "aZz09AM_.-:~/ %+@[`{\n\t\u0000é٣\uD83D";

  private static final int[] EDGE_LENGTHS = {0, 1, 2, 63, 64, 65, 127, 128, 129, 511, 512, 513};

  @Test
  void tenantMatcherAgreesWithItsPattern() {
    assertAgrees(TelemetryStrings::isTenant, s -> TENANT.matcher(s).matches(), new Random(1));
  }

  @Test
  void entityIdMatcherAgreesWithItsPattern() {
    assertAgrees(TelemetryStrings::isEntityId, s -> ENTITY_ID.matcher(s).matches(), new Random(2));
  }

  @Test
  void sourceMatcherAgreesWithItsPatternAndTheSchemaMaxLength() {
    assertAgrees(
        TelemetryStrings::isSource,
        s ->
            s.length() <= SchemaLimits.length("envelope", "source").max()
                && SOURCE.matcher(s).matches(),
        new Random(3));
  }

  @Test
  void dateTimeShapeAgreesWithItsPattern() {
    Random random = new Random(4);
    int matched = 0;
    for (int i = 0; i < 100_000; i++) {
      String text = randomDateTime(random);
      boolean expected = DATE_TIME.matcher(text).matches();
      assertThat(TelemetryStrings.isDateTimeShape(text)).as("'%s'", text).isEqualTo(expected);
      matched += expected ? 1 : 0;
    }
    assertThat(matched).as("both answers occur often").isBetween(10_000, 90_000);
  }

  @Test
  void dateTimeLeavesImpossibleDatesAndLeapSecondsToTheSchema() {
    assertThat(TelemetryStrings.dateTime("2026-05-08T16:00:00.5+02:00"))
        .isEqualTo(Instant.parse("2026-05-08T14:00:00.5Z"));
    assertThat(TelemetryStrings.dateTime("2026-02-30T10:00:00Z")).isNull();
    assertThat(TelemetryStrings.dateTime("2016-12-31T23:59:60Z")).isNull();
    assertThat(TelemetryStrings.dateTime("2026-05-08T24:00:00Z")).isNull();
    assertThat(TelemetryStrings.dateTime("2026-05-08 16:00:00Z")).isNull();
  }

  private static void assertAgrees(
      Predicate<String> handWritten, Predicate<String> pattern, Random random) {
    int matched = 0;
    for (int i = 0; i < 100_000; i++) {
      String text = randomText(random);
      boolean expected = pattern.test(text);
      assertThat(handWritten.test(text)).as("'%s'", text).isEqualTo(expected);
      matched += expected ? 1 : 0;
    }
    assertThat(matched).as("both answers occur often").isBetween(10_000, 90_000);
  }

  /** Mostly strings of class members with a few odd characters sprinkled in, at edge lengths. */
  private static String randomText(Random random) {
    int length =
        random.nextInt(4) == 0
            ? EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)]
            : random.nextInt(12);
    double oddness = random.nextInt(3) == 0 ? 0 : 0.02 + random.nextDouble() * 0.3;
    String common = random.nextBoolean() ? "ab_-.09X" : "ab.~-09X/";
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      String from = random.nextDouble() < oddness ? ALPHABET : common;
      text.append(from.charAt(random.nextInt(from.length())));
    }
    return text.toString();
  }

  /**
   * A date-time of the common shape with edge-prone digits, then possibly a few character edits.
   */
  static String randomDateTime(Random random) {
    StringBuilder text =
        new StringBuilder()
            .append(digits(random, 4))
            .append('-')
            .append(twoDigits(random, 13))
            .append('-')
            .append(twoDigits(random, 32))
            .append('T')
            .append(twoDigits(random, 25))
            .append(':')
            .append(twoDigits(random, 61))
            .append(':')
            .append(twoDigits(random, 61));
    int fraction = random.nextInt(12);
    if (fraction > 0) {
      text.append('.').append(digits(random, fraction - 1));
    }
    switch (random.nextInt(4)) {
      case 0 -> text.append('Z');
      case 1 ->
          text.append(random.nextBoolean() ? '+' : '-')
              .append(twoDigits(random, 25))
              .append(':')
              .append(twoDigits(random, 61));
      case 2 -> text.append(random.nextBoolean() ? "+00:00" : "-00:00");
      default -> text.append(random.nextBoolean() ? "Z" : "+01:00");
    }
    int edits = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
    String alphabet = "0123456789-:T.Zz+ t9";
    for (int i = 0; i < edits && text.length() > 0; i++) {
      int at = random.nextInt(text.length());
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      switch (random.nextInt(3)) {
        case 0 -> text.setCharAt(at, c);
        case 1 -> text.deleteCharAt(at);
        default -> text.insert(at, c);
      }
    }
    return text.toString();
  }

  private static String twoDigits(Random random, int below) {
    // Half the time a value near the edges of its field (00, 01, the last valid and beyond).
    int value = random.nextBoolean() ? random.nextInt(below) : below - random.nextInt(4);
    return String.format("%02d", Math.min(99, Math.max(0, value)));
  }

  private static String digits(Random random, int count) {
    StringBuilder digits = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }
}
