package io.fleetstream.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.TelemetryData;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Accepts the common, well-formed telemetry ping straight from its bytes, without a JSON tree or
 * the JSON Schema engine.
 *
 * <p>Why hand-written: telemetry is the high-volume topic (tens of thousands of pings a second);
 * building a tree and running the general validator cost several microseconds per record. This path
 * reads the bytes once with a streaming parser and only ever says "valid" for a ping it checked
 * field by field against the same rules as the schema. Anything else — a missing, extra or repeated
 * field, a null, an unusual value, trailing data, malformed JSON — returns empty, and the tree and
 * schema path alone decide rejections and their error codes. A differential test holds the promise:
 * whatever this path accepts, the schema accepts, bound to an equal event.
 */
final class TelemetryFastPath {

  /**
   * The shared mapper's parser settings (limits, strictness), minus duplicate detection, which
   * costs a hash set per object and which the field bits below do for free; plus FastDoubleParser,
   * which returns the same correctly rounded doubles as {@code Double.parseDouble}. Package-private
   * for the test that compares the doubles.
   */
  static final JsonFactory FACTORY =
      EventJson.mapper()
          .getFactory()
          .rebuild()
          .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();

  private static final int SPECVERSION = 1;
  private static final int ID = 1 << 1;
  private static final int SOURCE = 1 << 2;
  private static final int TYPE = 1 << 3;
  private static final int SUBJECT = 1 << 4;
  private static final int TIME = 1 << 5;
  private static final int DATACONTENTTYPE = 1 << 6;
  private static final int TENANT = 1 << 7;
  private static final int PARTITIONKEY = 1 << 8;
  private static final int DATA = 1 << 9;

  /** Package-private for the test that compares it with the schema's {@code required}. */
  static final int REQUIRED =
      SPECVERSION | ID | SOURCE | TYPE | TIME | DATACONTENTTYPE | TENANT | PARTITIONKEY | DATA;

  // The envelope's lengths as the schema states them, so that tightening one there also tightens
  // this path.
  private static final SchemaLimits.Length ID_LENGTH = SchemaLimits.length("envelope", "id");
  private static final SchemaLimits.Length SUBJECT_LENGTH =
      SchemaLimits.length("envelope", "subject");
  private static final SchemaLimits.Length PARTITIONKEY_LENGTH =
      SchemaLimits.length("envelope", "partitionkey");

  private TelemetryFastPath() {}

  /** The bound event when the ping is plainly valid; empty means "ask the schema". */
  static Optional<CloudEvent> accept(byte[] value) {
    if (!isPlainAscii(value)) {
      return Optional.empty();
    }
    try (JsonParser parser = FACTORY.createParser(value)) {
      return Optional.ofNullable(readPing(parser));
    } catch (IOException e) {
      // Malformed JSON or a parser limit: the tree path reports it with the right code and
      // location.
      return Optional.empty();
    }
  }

  private static CloudEvent readPing(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    int seen = 0;
    String specversion = null;
    String id = null;
    String source = null;
    String type = null;
    String subject = null;
    String time = null;
    String datacontenttype = null;
    String tenant = null;
    String partitionKey = null;
    TelemetryData data = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      int field = envelopeField(name);
      // Unknown names (extension attributes too) and repeated keys are the schema's to judge.
      if (field == 0 || (seen & field) != 0) {
        return null;
      }
      seen |= field;
      JsonToken token = p.nextToken();
      if (field == DATA) {
        data = token == JsonToken.START_OBJECT ? TelemetryDataReader.read(p) : null;
        if (data == null) {
          return null;
        }
        continue;
      }
      if (token != JsonToken.VALUE_STRING) {
        return null;
      }
      String text = p.getText();
      switch (field) {
        case SPECVERSION -> specversion = text;
        case ID -> id = text;
        case SOURCE -> source = text;
        case TYPE -> type = text;
        case SUBJECT -> subject = text;
        case TIME -> time = text;
        case DATACONTENTTYPE -> datacontenttype = text;
        case TENANT -> tenant = text;
        default -> partitionKey = text; // PARTITIONKEY, the only one left
      }
    }
    // The tree path reads exactly one document; anything after it is not a plain ping.
    if ((seen & REQUIRED) != REQUIRED || p.nextToken() != null) {
      return null;
    }
    Instant instant = TelemetryStrings.dateTime(time);
    if (!CloudEvent.SPEC_VERSION.equals(specversion)
        || !EventType.TELEMETRY_PING.type().equals(type)
        || !CloudEvent.CONTENT_TYPE.equals(datacontenttype)
        || !lengthIn(id, ID_LENGTH)
        || !TelemetryStrings.isSource(source)
        || (subject != null && !lengthIn(subject, SUBJECT_LENGTH))
        || !TelemetryStrings.isTenant(tenant)
        || !lengthIn(partitionKey, PARTITIONKEY_LENGTH)
        || instant == null) {
      return null;
    }
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        id,
        source,
        EventType.TELEMETRY_PING.type(),
        subject,
        instant,
        CloudEvent.CONTENT_TYPE,
        tenant,
        partitionKey,
        data);
  }

  /**
   * Only bytes 0x01-0x7F. The schema validator decodes the record as UTF-8 with the JDK, while
   * Jackson detects UTF-16/32 and byte-order marks and lets some ill-formed UTF-8 through (an
   * overlong "A" reads as 'A'); on pure ASCII both see the same text. A zero byte never occurs in a
   * UTF-8 JSON document; raw non-ASCII text is valid but rare in pings and goes to the schema path
   * (escaped non-ASCII stays here).
   */
  private static boolean isPlainAscii(byte[] value) {
    for (byte b : value) {
      if (b <= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The schema counts code points, never more than chars: a surrogate pair counts 2 here and 1
   * there, so at worst this declines a ping the schema accepts, never the other way round.
   */
  private static boolean lengthIn(String text, SchemaLimits.Length length) {
    return length.contains(text.length());
  }

  /** The field's bit, 0 for a name this path does not take; package-private for the schema test. */
  static int envelopeField(String name) {
    return switch (name) {
      case "specversion" -> SPECVERSION;
      case "id" -> ID;
      case "source" -> SOURCE;
      case "type" -> TYPE;
      case "subject" -> SUBJECT;
      case "time" -> TIME;
      case "datacontenttype" -> DATACONTENTTYPE;
      case "tenant" -> TENANT;
      case "partitionkey" -> PARTITIONKEY;
      case "data" -> DATA;
      default -> 0;
    };
  }
}
