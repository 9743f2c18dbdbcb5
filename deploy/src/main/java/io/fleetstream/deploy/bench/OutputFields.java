package io.fleetstream.deploy.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The few fields of an output record the stream benchmark's count needs. */
final class OutputFields {

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] DRIVER_ID = "\"driver_id\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LAST_PING_AT =
      "\"last_ping_at\":\"".getBytes(StandardCharsets.US_ASCII);

  String id;
  String jobId;
  String driverId;
  String lastPingAt;

  /**
   * A driver-state output's driver and ping time, found by scanning for their keys. Why not the
   * parser: these come at the full ping rate, and tokenizing each one up to its {@code data} was 8
   * % of the CPU the job is measured on. The job writes this flat record itself, compactly, and
   * neither value can hold a quote; anything unexpected falls back to the parser.
   */
  static OutputFields ofDriverState(byte[] json) throws IOException {
    // Searched from the end: both are in the data, which follows an envelope of some 300 bytes,
    // and last_ping_at comes after driver_id.
    OutputFields f = new OutputFields();
    int pingAt = lastIndexOf(json, LAST_PING_AT, json.length);
    int driverAt = pingAt < 0 ? -1 : lastIndexOf(json, DRIVER_ID, pingAt);
    f.lastPingAt = stringAt(json, pingAt, LAST_PING_AT);
    f.driverId = stringAt(json, driverAt, DRIVER_ID);
    return f.driverId != null && f.lastPingAt != null ? f : of(json);
  }

  /**
   * Any output, read with a streaming parser up to the fields wanted (a JSON tree per output cost
   * far more).
   */
  static OutputFields of(byte[] json) throws IOException {
    OutputFields f = new OutputFields();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return f;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
          f.id = p.getText();
        } else if ("data".equals(name) && value == JsonToken.START_OBJECT) {
          readData(p, f);
          if (f.complete()) {
            break;
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return f;
  }

  private static void readData(JsonParser p, OutputFields f) throws IOException {
    while (!f.complete() && p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_STRING) {
        switch (field) {
          case "job_id" -> f.jobId = p.getText();
          case "driver_id" -> f.driverId = p.getText();
          case "last_ping_at" -> f.lastPingAt = p.getText();
          default -> {}
        }
      } else {
        p.skipChildren();
      }
    }
  }

  /** The rest of a driver state or assignment is not needed: stop reading there. */
  private boolean complete() {
    return id != null && driverId != null && (lastPingAt != null || jobId != null);
  }

  /** The string value after {@code key} found at {@code at}, or null. */
  private static String stringAt(byte[] json, int at, byte[] key) {
    if (at < 0) {
      return null;
    }
    int start = at + key.length;
    for (int i = start; i < json.length; i++) {
      if (json[i] == '"') {
        return new String(json, start, i - start, StandardCharsets.UTF_8);
      }
      if (json[i] == '\\') {
        return null; // an escape: leave it to the parser
      }
    }
    return null;
  }

  /** Where the last occurrence of {@code key} starting before {@code end} begins, or -1. */
  private static int lastIndexOf(byte[] json, byte[] key, int end) {
    outer:
    for (int i = Math.min(end, json.length - key.length); i >= 0; i--) {
      for (int k = 0; k < key.length; k++) {
        if (json[i + k] != key[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
