package io.fleetstream.schemas.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fleetstream.schemas.events.TelemetryData;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Reads the {@code data} object of a telemetry ping for {@link TelemetryFastPath}: null whenever
 * the schema path should decide.
 */
final class TelemetryDataReader {

  private static final int DRIVER_ID = 1;
  private static final int LAT = 1 << 1;
  private static final int LNG = 1 << 2;
  private static final int SPEED_MPS = 1 << 3;
  private static final int HEADING_DEG = 1 << 4;
  private static final int ACCURACY_M = 1 << 5;
  private static final int RECORDED_AT = 1 << 6;

  /** Package-private for the test that compares it with the schema's {@code required}. */
  static final int REQUIRED = DRIVER_ID | LAT | LNG | RECORDED_AT;

  // The schema's own bounds, so that tightening one there can never be bypassed here.
  private static final SchemaLimits.Range LAT_RANGE = SchemaLimits.range("telemetry", "lat");
  private static final SchemaLimits.Range LNG_RANGE = SchemaLimits.range("telemetry", "lng");
  private static final SchemaLimits.Range SPEED_RANGE =
      SchemaLimits.range("telemetry", "speed_mps");
  private static final SchemaLimits.Range HEADING_RANGE =
      SchemaLimits.range("telemetry", "heading_deg");
  private static final SchemaLimits.Range ACCURACY_RANGE =
      SchemaLimits.range("telemetry", "accuracy_m");

  private TelemetryDataReader() {}

  /** Reads from just after the object's START_OBJECT through its END_OBJECT. */
  static TelemetryData read(JsonParser p) throws IOException {
    int seen = 0;
    String driverId = null;
    String recordedAt = null;
    double lat = 0;
    double lng = 0;
    Double speed = null;
    Double heading = null;
    Double accuracy = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      int field = dataField(name);
      if (field == 0 || (seen & field) != 0) {
        return null;
      }
      seen |= field;
      JsonToken token = p.nextToken();
      if (field == DRIVER_ID || field == RECORDED_AT) {
        if (token != JsonToken.VALUE_STRING) {
          return null;
        }
        if (field == DRIVER_ID) {
          driverId = p.getText();
        } else {
          recordedAt = p.getText();
        }
        continue;
      }
      double v =
          switch (field) {
            case LAT -> number(p, token, LAT_RANGE);
            case LNG -> number(p, token, LNG_RANGE);
            case SPEED_MPS -> number(p, token, SPEED_RANGE);
            case HEADING_DEG -> number(p, token, HEADING_RANGE);
            default -> number(p, token, ACCURACY_RANGE);
          };
      if (Double.isNaN(v)) {
        return null;
      }
      switch (field) {
        case LAT -> lat = v;
        case LNG -> lng = v;
        case SPEED_MPS -> speed = v;
        case HEADING_DEG -> heading = v;
        default -> accuracy = v;
      }
    }
    if ((seen & REQUIRED) != REQUIRED || !TelemetryStrings.isEntityId(driverId)) {
      return null;
    }
    Instant recorded = TelemetryStrings.dateTime(recordedAt);
    return recorded == null
        ? null
        : new TelemetryData(driverId, lat, lng, speed, heading, accuracy, recorded);
  }

  /** The field's bit, 0 for a name this path does not take; package-private for the schema test. */
  static int dataField(String name) {
    return switch (name) {
      case "driver_id" -> DRIVER_ID;
      case "lat" -> LAT;
      case "lng" -> LNG;
      case "speed_mps" -> SPEED_MPS;
      case "heading_deg" -> HEADING_DEG;
      case "accuracy_m" -> ACCURACY_M;
      case "recorded_at" -> RECORDED_AT;
      default -> 0;
    };
  }

  /**
   * The number the tree path would bind ({@code doubleValue()} of its node), or NaN when it is not
   * plainly inside the schema's range.
   */
  private static double number(JsonParser p, JsonToken token, SchemaLimits.Range range)
      throws IOException {
    double v;
    if (token == JsonToken.VALUE_NUMBER_INT) {
      // Every value the schema allows today fits an int; a wider integer goes to the schema path.
      if (p.getNumberType() != JsonParser.NumberType.INT) {
        return Double.NaN;
      }
      v = p.getIntValue();
    } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      v = p.getDoubleValue();
      // The schema compares the exact decimal (90.00000000000000001 > 90) while the double rounds
      // onto the bound. Rounding is monotonic and the bounds are exact doubles, so only a double
      // equal to a bound can land on the other side of it.
      if ((v == range.min() || v == range.max()) && !isExactly(p.getText(), v)) {
        return Double.NaN;
      }
    } else {
      return Double.NaN;
    }
    return range.contains(v) ? v : Double.NaN;
  }

  private static boolean isExactly(String literal, double bound) {
    try {
      return new BigDecimal(literal).compareTo(BigDecimal.valueOf(bound)) == 0;
    } catch (NumberFormatException e) {
      // An exponent beyond BigDecimal's scale (0e-99999999999): leave it to the schema.
      return false;
    }
  }
}
