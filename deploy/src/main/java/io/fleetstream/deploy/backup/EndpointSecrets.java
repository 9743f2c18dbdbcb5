package io.fleetstream.deploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetstream.connectors.secrets.SecretSeal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Webhook endpoints' signing secrets moved from one installation's sealing key to another's: each
 * sealed secret in an endpoint record is opened with the source key and sealed again with the
 * target's, so the target's bridge and delivery functions can sign with it. The secret itself is
 * only ever in memory here; the record is otherwise as it was.
 */
final class EndpointSecrets {

  /** The sealed fields of {@code webhook_endpoint} events' data. */
  private static final List<String> SEALED = List.of("secret_sealed", "previous_secret_sealed");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecretSeal source;
  private final SecretSeal target;

  EndpointSecrets(SecretSeal source, SecretSeal target) {
    this.source = source;
    this.target = target;
  }

  /**
   * The record's value with its secrets sealed with the target key.
   *
   * @throws IllegalArgumentException when a secret does not open with the source key (the message
   *     names the endpoint, never the secret)
   */
  byte[] reseal(byte[] value) {
    try {
      JsonNode event = JSON.readTree(value);
      String tenant = event.path("tenant").asText();
      JsonNode data = event.path("data");
      if (!(data instanceof ObjectNode fields)) {
        return value;
      }
      for (String field : SEALED) {
        if (fields.path(field).isTextual()) {
          String secret;
          try {
            secret = source.open(tenant, fields.get(field).asText());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "webhook endpoint "
                    + fields.path("endpoint_id").asText()
                    + " of "
                    + tenant
                    + ": its "
                    + field
                    + " does not open with the source installation's sealing key ("
                    + e.getMessage()
                    + ")");
          }
          fields.put(field, target.seal(tenant, secret));
        }
      }
      return JSON.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException("a webhook endpoint record is not JSON", e);
    }
  }
}
