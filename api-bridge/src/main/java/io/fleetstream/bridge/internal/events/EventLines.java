package io.fleetstream.bridge.internal.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Validation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A record of the log as the {@code data} line of a server-sent event. */
final class EventLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventValidator validator;

  EventLines(EventValidator validator) {
    this.validator = validator;
  }

  /**
   * The event as one line of JSON, or null for a record that is not a valid event (the dispatch job
   * dead-letters those; a client gets only events of the contract).
   */
  String of(Topic topic, byte[] value) {
    if (!(validator.validate(topic, value) instanceof Validation.Valid)) {
      return null;
    }
    String text = new String(value, StandardCharsets.UTF_8);
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    try {
      return JSON.writeValueAsString(JSON.readTree(value));
    } catch (IOException e) {
      return null;
    }
  }

  /** A JSON object of the stream's own (a notice, not an event of the log) as one line. */
  static String notice(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
