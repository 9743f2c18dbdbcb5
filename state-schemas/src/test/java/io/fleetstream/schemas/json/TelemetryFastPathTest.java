package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The telemetry fast path never accepts what the schema rejects, and binds exactly what the schema
 * path binds. Random mutations of a golden ping — of its tree and of its text — probe the edges
 * (types, ranges, formats, extra, missing and repeated fields, syntax); the fast path may decline
 * anything, but it must not be wrong, and it must take the common shapes.
 */
class TelemetryFastPathTest {

  private static final EventValidator VALIDATOR = EventValidator.create();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String GOLDEN = new String(golden(), StandardCharsets.UTF_8);

  @Test
  void theGoldenPingTakesTheFastPathAndBindsLikeTheSchemaPath() {
    byte[] golden = golden();

    Optional<CloudEvent> fast = TelemetryFastPath.accept(golden);

    assertThat(fast).isPresent();
    assertThat(VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, golden))
        .isEqualTo(new Validation.Valid(fast.get()));
    assertThat(VALIDATOR.validate(Topic.TELEMETRY, golden))
        .isEqualTo(new Validation.Valid(fast.get()));
  }

  static Stream<Arguments> commonShapes() {
    return Stream.of(
        Arguments.of("compact", EventJson.toJson(tree(GOLDEN))),
        Arguments.of("fields in reverse order", reversed(GOLDEN)),
        Arguments.of(
            "tabs, CRLF and spaces around everything",
            " \r\n\t"
                + GOLDEN
                    .replace(": ", " :\t")
                    .replace(",\n", " ,\r\n")
                    .replace("{", "{ ")
                    .replace("}", " }")
                + "\n\n"),
        Arguments.of(
            "integers for every number",
            GOLDEN
                .replace("37.7801", "37")
                .replace("-122.4123", "-122")
                .replace("11.2", "11")
                .replace("271.5", "271")),
        Arguments.of(
            "exponents and trailing zeros",
            GOLDEN
                .replace("37.7801", "3.77801E1")
                .replace("-122.4123", "-1.224123e+2")
                .replace("11.2", "11.20000")
                .replace("6,", "6.0e0,")),
        Arguments.of(
            "optional data fields missing",
            GOLDEN
                .replace("\"speed_mps\": 11.2,", "")
                .replace("\"heading_deg\": 271.5,", "")
                .replace("\"accuracy_m\": 6,", "")),
        Arguments.of("no subject", GOLDEN.replace("\"subject\": \"drv_x\",", "")),
        Arguments.of(
            "empty subject", GOLDEN.replace("\"subject\": \"drv_x\"", "\"subject\": \"\"")),
        Arguments.of(
            "offsets and nanoseconds",
            GOLDEN
                .replace("2026-05-08T16:00:01Z", "2026-05-08T18:00:01+02:00")
                .replace("2026-05-08T16:00:00.500Z", "2026-05-08T06:30:00.123456789-09:30")),
        Arguments.of(
            "every bound exactly",
            GOLDEN
                .replace("37.7801", "90")
                .replace("-122.4123", "-180.0")
                .replace("11.2", "0.0")
                .replace("271.5", "0")
                .replace("6,", "100000.000,")),
        Arguments.of(
            "the other bounds and negative zero",
            GOLDEN
                .replace("37.7801", "-90.0")
                .replace("-122.4123", "180")
                .replace("11.2", "-0.0")
                .replace("271.5", "359.9999999")
                .replace("6,", "0e5,")),
        Arguments.of(
            "non-ASCII text as escapes",
            GOLDEN
                .replace("evt_01J0PING00000000001", "\\u00e9v\\ud83d\\ude9a_1")
                .replace(
                    "\"subject\": \"drv_x\"", "\"subject\": \"Jos\\u00e9 \\\"J\\\" \\u0000\"")),
        Arguments.of(
            "escapes in strings",
            GOLDEN
                .replace("evt_01J0PING00000000001", "evt_\\u0030\\/1")
                .replace("\"drv_x\",\n  \"data\"", "\"drv\\u005fx\",\n  \"data\"")),
        Arguments.of(
            "long ids and ids with colons",
            GOLDEN
                .replace("evt_01J0PING00000000001", "e".repeat(256))
                .replace(
                    "\"driver_id\": \"drv_x\"", "\"driver_id\": \"drv:" + "x".repeat(124) + "\"")
                .replace("acct_demo", "a".repeat(64))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commonShapes")
  void theFastPathTakesTheCommonShapesAndBindsLikeTheSchemaPath(String shape, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    Optional<CloudEvent> fast = TelemetryFastPath.accept(bytes);

    assertThat(fast).as(json).isPresent();
    assertThat(VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, bytes))
        .as(json)
        .isEqualTo(new Validation.Valid(fast.get()));
  }

  static Stream<Arguments> unusualPings() {
    return Stream.of(
        Arguments.of(
            "lat rounds onto its maximum", GOLDEN.replace("37.7801", "90.00000000000000001")),
        Arguments.of(
            "lat rounds onto its minimum", GOLDEN.replace("37.7801", "-90.00000000000000001")),
        Arguments.of("speed rounds onto zero from below", GOLDEN.replace("11.2", "-1e-400")),
        Arguments.of(
            "speed rounds onto 100 from above", GOLDEN.replace("11.2", "100.000000000000000001")),
        Arguments.of(
            "heading rounds onto 360 from below", GOLDEN.replace("271.5", "359.99999999999999999")),
        Arguments.of(
            "an exponent BigDecimal cannot hold", GOLDEN.replace("11.2", "0e-99999999999")),
        Arguments.of("a long integer", GOLDEN.replace("6,", "12345678901,")),
        Arguments.of("a big integer", GOLDEN.replace("6,", "123456789012345678901234567890,")),
        Arguments.of("infinity by exponent", GOLDEN.replace("37.7801", "1e400")),
        Arguments.of(
            "a duplicate key",
            GOLDEN.replace("\"lat\": 37.7801,", "\"lat\": 37.7801, \"lat\": 37.7801,")),
        Arguments.of(
            "a duplicate envelope key", GOLDEN.replace("\"tenant\"", "\"id\": \"x\", \"tenant\"")),
        Arguments.of(
            "an extension attribute",
            GOLDEN.replace("\"tenant\"", "\"traceparent\": \"00-1\", \"tenant\"")),
        Arguments.of(
            "a null subject", GOLDEN.replace("\"subject\": \"drv_x\"", "\"subject\": null")),
        Arguments.of("a number as text", GOLDEN.replace("37.7801", "\"37.7801\"")),
        Arguments.of(
            "nested junk in data", GOLDEN.replace("\"lat\": 37.7801", "\"lat\": {\"v\": 37.7801}")),
        Arguments.of(
            "data is an array", GOLDEN.replaceAll("(?s)\"data\": \\{.*}\\s*}", "\"data\": [1] }")),
        Arguments.of("trailing garbage", GOLDEN + "x"),
        Arguments.of("a trailing second document", GOLDEN + " {}"),
        Arguments.of("truncated", GOLDEN.substring(0, GOLDEN.length() - 3)),
        Arguments.of("a non-ASCII id", GOLDEN.replace("evt_01J0PING00000000001", "évt_1")),
        Arguments.of(
            "a lower-case date-time",
            GOLDEN.replace("2026-05-08T16:00:01Z", "2026-05-08t16:00:01z")),
        Arguments.of(
            "a leap second", GOLDEN.replace("2026-05-08T16:00:01Z", "2016-12-31T23:59:60Z")),
        Arguments.of(
            "February 30th", GOLDEN.replace("2026-05-08T16:00:01Z", "2026-02-30T16:00:01Z")),
        Arguments.of(
            "an absolute URI source", GOLDEN.replace("/driver-app", "urn:fleetstream:app")));
  }

  /**
   * Each of these either breaks the contract or is too rare to be worth a rule of the fast path.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unusualPings")
  void theFastPathLeavesUnusualPingsToTheSchema(String what, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    assertThat(TelemetryFastPath.accept(bytes)).as(json).isEmpty();
    assertThat(VALIDATOR.validate(Topic.TELEMETRY, bytes))
        .isEqualTo(VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, bytes));
  }

  /**
   * Jackson decodes some ill-formed UTF-8 to plain chars (an overlong NUL or "A"; a sequence beyond
   * U+10FFFF to two chars) where the schema, decoding with the JDK, sees several replacement chars:
   * the 255-char id or the tenant below would pass here and fail there.
   */
  @Test
  void illFormedUtf8ThatJacksonLetsThroughIsLeftToTheSchema() {
    byte[][] sequences = {
      {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xC1, (byte) 0x81},
      {(byte) 0xE0, (byte) 0x81, (byte) 0x81}
    };
    for (byte[] sequence : sequences) {
      for (String ping :
          List.of(
              GOLDEN.replace("evt_01J0PING00000000001", "@" + "e".repeat(254)),
              GOLDEN.replace("acct_demo", "@cct_demo"))) {
        byte[] bytes = splice(ping, sequence);

        assertThat(TelemetryFastPath.accept(bytes)).isEmpty();
        assertThat(VALIDATOR.validate(Topic.TELEMETRY, bytes))
            .isEqualTo(VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, bytes));
      }
    }
  }

  /**
   * The schema path reads records as UTF-8 only (and fails on the rest); the fast path takes no
   * other.
   */
  @Test
  void byteOrderMarksAndOtherEncodingsAreNotTakenByTheFastPath() {
    assertThat(TelemetryFastPath.accept(("\uFEFF" + GOLDEN).getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(TelemetryFastPath.accept(GOLDEN.getBytes(StandardCharsets.UTF_16))).isEmpty();
    assertThat(TelemetryFastPath.accept(GOLDEN.getBytes(StandardCharsets.UTF_16LE))).isEmpty();
    assertThat(TelemetryFastPath.accept(GOLDEN.getBytes(Charset.forName("UTF-32BE")))).isEmpty();
  }

  /** The ping's bytes with the sequence in place of its first '@'. */
  private static byte[] splice(String ping, byte[] sequence) {
    byte[] plain = ping.getBytes(StandardCharsets.UTF_8);
    int at = ping.indexOf('@');
    byte[] bytes = new byte[plain.length - 1 + sequence.length];
    System.arraycopy(plain, 0, bytes, 0, at);
    System.arraycopy(sequence, 0, bytes, at, sequence.length);
    System.arraycopy(plain, at + 1, bytes, at + sequence.length, plain.length - at - 1);
    return bytes;
  }

  @Test
  void whateverTheFastPathAcceptsTheSchemaAcceptsTooWithTheSameEvent() {
    ObjectNode golden = tree(GOLDEN);
    Random random = new Random(20261123);
    int fastAccepted = 0;
    int schemaAccepted = 0;
    for (int i = 0; i < 5_000; i++) {
      ObjectNode mutant = golden.deepCopy();
      int mutations = 1 + random.nextInt(2);
      for (int m = 0; m < mutations; m++) {
        mutate(mutant, random);
      }
      byte[] bytes = EventJson.toBytes(mutant);
      if (agreesWithTheSchema(bytes)) {
        fastAccepted++;
      }
      if (VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, bytes).isValid()) {
        schemaAccepted++;
      }
    }
    assertThat(schemaAccepted).as("the mutations also produce valid pings").isGreaterThan(500);
    assertThat(fastAccepted)
        .as("the fast path takes most valid pings")
        .isGreaterThan(schemaAccepted / 2);
  }

  /**
   * Text-level mutants reach what a tree cannot hold: repeated keys, syntax errors, trailing data.
   */
  @Test
  void textMutantsNeverMakeTheFastPathDisagreeWithTheSchema() {
    Random random = new Random(20260508);
    int fastAccepted = 0;
    int schemaAccepted = 0;
    int rejected = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] bytes = new PingTextMutant(random).render().getBytes(StandardCharsets.UTF_8);
      if (agreesWithTheSchema(bytes)) {
        fastAccepted++;
      }
      if (VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, bytes).isValid()) {
        schemaAccepted++;
      } else {
        rejected++;
      }
    }
    assertThat(rejected).as("the mutants reach the rejections").isGreaterThan(3_000);
    assertThat(schemaAccepted).as("the mutants also produce valid pings").isGreaterThan(1_000);
    assertThat(fastAccepted)
        .as("the fast path takes most valid pings")
        .isGreaterThan(schemaAccepted / 2);
  }

  @Test
  void dateTimesTheFastPathAcceptsBindLikeTheSchemaPath() {
    Random random = new Random(1985);
    int fastAccepted = 0;
    for (int i = 0; i < 3_000; i++) {
      String dateTime = TelemetryStringsTest.randomDateTime(random);
      String field = random.nextBoolean() ? "2026-05-08T16:00:01Z" : "2026-05-08T16:00:00.500Z";
      if (agreesWithTheSchema(GOLDEN.replace(field, dateTime).getBytes(StandardCharsets.UTF_8))) {
        fastAccepted++;
      }
    }
    assertThat(fastAccepted)
        .as("a fair share of the random date-times are real ones")
        .isGreaterThan(200);
  }

  /**
   * FastDoubleParser must round like the tree path's parser, or the two paths bind different pings.
   */
  @Test
  void theFastDoubleParserReadsTheSameDoublesAsTheTreePath() throws IOException {
    Random random = new Random(4711);
    for (int i = 0; i < 100_000; i++) {
      String literal = randomDoubleLiteral(random);
      double expected = EventJson.mapper().readTree(literal).doubleValue();
      try (JsonParser parser = TelemetryFastPath.FACTORY.createParser(literal)) {
        parser.nextToken();
        assertThat(parser.getDoubleValue())
            .as(literal)
            .isEqualTo(expected)
            .isEqualTo(Double.parseDouble(literal));
      }
    }
  }

  /**
   * Asserts the public path gives what the schema-only path gives, and that a fast-path acceptance
   * is the schema path's own verdict and event; returns whether the fast path accepted.
   */
  private static boolean agreesWithTheSchema(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Validation reference = VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, bytes);
    Optional<CloudEvent> fast = TelemetryFastPath.accept(bytes);
    if (fast.isPresent()) {
      assertThat(reference)
          .as("fast path accepted %s", text)
          .isEqualTo(new Validation.Valid(fast.get()));
    }
    assertThat(VALIDATOR.validate(Topic.TELEMETRY, bytes)).as(text).isEqualTo(reference);
    return fast.isPresent();
  }

  private static void mutate(ObjectNode ping, Random random) {
    boolean inData = random.nextBoolean() && ping.get("data") instanceof ObjectNode;
    ObjectNode target = inData ? (ObjectNode) ping.get("data") : ping;
    List<String> fields = new ArrayList<>();
    target.fieldNames().forEachRemaining(fields::add);
    if (fields.isEmpty()) {
      return;
    }
    String field = fields.get(random.nextInt(fields.size()));
    switch (random.nextInt(6)) {
      case 0 -> target.remove(field);
      case 1 -> target.set(random.nextBoolean() ? "extra" : "ext1", NODES.textNode("x"));
      case 2 -> target.set(field, odd(random));
      case 3 -> target.set(field, NODES.numberNode(edgeNumber(random)));
      case 4 -> target.set(field, NODES.textNode(oddText(random)));
      default -> {} // unchanged: keeps plenty of valid pings in the mix
    }
  }

  private static JsonNode odd(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(true);
      case 2 -> NODES.objectNode();
      case 3 -> NODES.arrayNode().add(1);
      default -> NODES.numberNode(random.nextInt(1000) - 500);
    };
  }

  private static double edgeNumber(Random random) {
    double[] edges = {
      -180.0001, -180, -90.0001, -90, -0.0, 0, 0.5, 43.7, 90, 90.0001, 100, 100.0001, 359.999, 360,
      180, 180.0001, 100000, 100000.1, 1e12
    };
    return edges[random.nextInt(edges.length)];
  }

  private static String oddText(Random random) {
    String[] texts = {
      "",
      " ",
      "1.0",
      "2026-05-08T16:00:00Z",
      "2026-05-08T16:00Z",
      "2026-05-08 16:00:00Z",
      "2026-05-08t16:00:00z",
      "2026-05-08T16:00:00.123456789+01:00",
      "2026-02-30T10:00:00Z",
      "2026-05-08T24:00:00Z",
      "2016-12-31T23:59:60Z",
      "drv_1",
      "drv 1",
      "acct/x",
      "a".repeat(129),
      "a".repeat(257),
      "/driver-app",
      "/fsm/service titan",
      "urn:x:y",
      "%zz",
      "io.fleetstream.telemetry.ping.v1",
      "io.fleetstream.job.created.v1",
      "application/json",
      "text/plain",
      "43.7"
    };
    return texts[random.nextInt(texts.length)];
  }

  /**
   * Decimal literals that stress rounding: shortest forms, long mantissas, exact halfway points.
   */
  private static String randomDoubleLiteral(Random random) {
    double d =
        switch (random.nextInt(4)) {
          case 0 -> (random.nextDouble() - 0.5) * 400;
          case 1 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
          case 2 -> random.nextInt(100_000) / 10_000.0;
          default -> Double.MIN_VALUE * random.nextInt(1000);
        };
    BigDecimal exact = new BigDecimal(d);
    return switch (random.nextInt(4)) {
      case 0 -> Double.toString(d);
      case 1 ->
          exact
              .add(new BigDecimal(Math.nextUp(d)))
              .divide(BigDecimal.valueOf(2))
              .toString(); // a tie
      case 2 -> exact.round(new MathContext(1 + random.nextInt(25))).toString();
      default -> exact.toPlainString().length() > 400 ? Double.toString(d) : exact.toPlainString();
    };
  }

  private static byte[] golden() {
    try (InputStream in =
        TelemetryFastPathTest.class.getResourceAsStream("/golden/valid/telemetry.ping.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode tree(String json) {
    try {
      return (ObjectNode) EventJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String reversed(String json) {
    ObjectNode golden = tree(json);
    ObjectNode data = (ObjectNode) golden.get("data");
    ObjectNode out = NODES.objectNode();
    List<String> names = new ArrayList<>();
    golden.fieldNames().forEachRemaining(names::add);
    Collections.reverse(names);
    for (String name : names) {
      if (name.equals("data")) {
        ObjectNode reversedData = out.putObject("data");
        List<String> dataNames = new ArrayList<>();
        data.fieldNames().forEachRemaining(dataNames::add);
        Collections.reverse(dataNames);
        dataNames.forEach(n -> reversedData.set(n, data.get(n)));
      } else {
        out.set(name, golden.get(name));
      }
    }
    return EventJson.toJson(out);
  }
}
