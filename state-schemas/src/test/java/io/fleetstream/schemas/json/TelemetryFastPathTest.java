package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetstream.schemas.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The telemetry fast path never accepts what the schema rejects, and binds exactly what the schema
 * path binds. Random mutations of a golden ping probe the edges (types, ranges, formats, extra and
 * missing fields); the fast path may decline anything, but it must not be wrong.
 */
class TelemetryFastPathTest {

  private static final EventValidator VALIDATOR = EventValidator.create();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void theGoldenPingTakesTheFastPathAndBindsLikeTheSchemaPath() throws IOException {
    byte[] golden = golden();

    Validation fast = VALIDATOR.validate(Topic.TELEMETRY, golden);
    Validation reference = VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, golden);

    assertThat(TelemetryFastPath.accept(EventJson.mapper().readTree(golden))).isPresent();
    assertThat(fast).isEqualTo(reference);
  }

  @Test
  void whateverTheFastPathAcceptsTheSchemaAcceptsTooWithTheSameEvent() throws IOException {
    ObjectNode golden = (ObjectNode) EventJson.mapper().readTree(golden());
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
      Validation reference = VALIDATOR.validateWithSchemaOnly(Topic.TELEMETRY, bytes);
      Validation fast = VALIDATOR.validate(Topic.TELEMETRY, bytes);
      if (TelemetryFastPath.accept(mutant).isPresent()) {
        fastAccepted++;
        assertThat(reference).as("fast path accepted %s", mutant).isInstanceOf(Validation.Valid.class);
      }
      if (reference.isValid()) {
        schemaAccepted++;
      }
      assertThat(fast).as("%s", mutant).isEqualTo(reference);
    }
    assertThat(schemaAccepted).as("the mutations also produce valid pings").isGreaterThan(500);
    assertThat(fastAccepted).as("the fast path takes most valid pings").isGreaterThan(schemaAccepted / 2);
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
      default -> { } // unchanged: keeps plenty of valid pings in the mix
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
    double[] edges = {-180.0001, -180, -90.0001, -90, -0.0, 0, 0.5, 43.7, 90, 90.0001, 100, 100.0001, 359.999, 360,
        180, 180.0001, 100000, 100000.1, 1e12};
    return edges[random.nextInt(edges.length)];
  }

  private static String oddText(Random random) {
    String[] texts = {"", " ", "1.0", "2026-05-08T16:00:00Z", "2026-05-08T16:00Z", "2026-05-08 16:00:00Z",
        "2026-05-08t16:00:00z", "2026-05-08T16:00:00.123456789+01:00", "2026-02-30T10:00:00Z", "2026-05-08T24:00:00Z",
        "2016-12-31T23:59:60Z", "drv_1", "drv 1", "acct/x", "a".repeat(129), "a".repeat(257), "/driver-app",
        "/fsm/service titan", "urn:x:y", "%zz", "io.fleetstream.telemetry.ping.v1", "io.fleetstream.job.created.v1",
        "application/json", "text/plain", "43.7"};
    return texts[random.nextInt(texts.length)];
  }

  private static byte[] golden() throws IOException {
    try (InputStream in = TelemetryFastPathTest.class.getResourceAsStream("/golden/valid/telemetry.ping.json")) {
      return in.readAllBytes();
    }
  }
}
