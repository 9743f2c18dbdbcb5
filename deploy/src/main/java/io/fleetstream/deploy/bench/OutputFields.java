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
    OutputFields f = new OutputFields();
    f.driverId = stringAfter(json, DRIVER_ID);
    f.lastPingAt = stringAfter(json, LAST_PING_AT);
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

  /** The string value after the first occurrence of {@code key}, or null. */
  private static String stringAfter(byte[] json, byte[] key) {
    int at = indexOf(json, key);
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

  private static int indexOf(byte[] json, byte[] key) {
    outer:
    for (int i = 0; i <= json.length - key.length; i++) {
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
