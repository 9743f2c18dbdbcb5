package io.fleetstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.schemas.json.Rejection;
import java.util.regex.Pattern;

/** Builds the dead-letter record for a rejected input, keeping its original bytes. */
public final class DeadLetters {

  /** Tenant of a record too broken to name one. */
  public static final String UNKNOWN_TENANT = "_unknown";

  public static final String SOURCE = "/fleetstream/dispatch-job";

  private static final Pattern TENANT = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

  private DeadLetters() {}

  /**
   * The dead letter of a record rejected at the edge. Its id is derived from the source position,
   * so a record replayed after a failure produces the same dead letter, which consumers
   * de-duplicate.
   */
  public static CloudEvent of(RawRecord raw, Rejection rejection, String rejectedBy) {
    byte[] value = raw.value() == null ? new byte[0] : raw.value();
    String id = "dlq_" + raw.topic() + "_" + raw.partition() + "_" + raw.offset();
    return event(
        id,
        raw.topic(),
        raw.partition(),
        raw.offset(),
        raw.keyAsString(),
        value,
        tenantOf(value),
        rejection,
        rejectedBy);
  }

  /**
   * The dead letter of a valid event that cannot be applied (a status for an unknown job, say). The
   * event was parsed already; its JSON form is the original (the round trip is lossless, which the
   * golden-file tests in state-schemas prove).
   */
  public static CloudEvent of(CloudEvent rejected, Rejection rejection, String rejectedBy) {
    String topic = rejected.eventType().topic().topicName();
    return event(
        "dlq_" + rejected.id(),
        topic,
        null,
        null,
        rejected.kafkaKey(),
        EventJson.toBytes(rejected),
        rejected.tenant(),
        rejection,
        rejectedBy);
  }

  static CloudEvent event(
      String id,
      String topic,
      Integer partition,
      Long offset,
      String key,
      byte[] value,
      String tenant,
      Rejection rejection,
      String rejectedBy) {
    return DlqData.event(
        id, SOURCE, topic, partition, offset, key, value, tenant, rejection, rejectedBy);
  }

  /** Best effort: the tenant the broken record claims, when it is readable and well-formed. */
  private static String tenantOf(byte[] value) {
    try {
      JsonNode tenant = EventJson.mapper().readTree(value).path("tenant");
      if (tenant.isTextual() && TENANT.matcher(tenant.asText()).matches()) {
        return tenant.asText();
      }
    } catch (java.io.IOException | RuntimeException unreadable) {
      // a record we cannot parse has no tenant we could trust
    }
    return UNKNOWN_TENANT;
  }
}
