package io.fleetstream.schemas;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every Kafka topic of the contract, with what its record key is made of and where its schema
 * lives.
 */
public enum Topic {
  JOBS("fleetstream.jobs.v1", "job"),
  DRIVERS("fleetstream.drivers.v1", "driver"),
  TELEMETRY("fleetstream.telemetry.v1", "driver"),
  COMMANDS("fleetstream.commands.v1", "zone"),
  ASSIGNMENTS("fleetstream.assignments.v1", "job"),
  PLANS("fleetstream.plans.v1", "zone"),
  ETA("fleetstream.eta.v1", "job"),
  SLA("fleetstream.sla.v1", "job"),
  DRIVER_STATE("fleetstream.driver_state.v1", "driver"),
  WEBHOOKS("fleetstream.webhooks.v1", "tenant"),
  /** Compacted: the latest event per key is the endpoint's current configuration. */
  WEBHOOK_ENDPOINTS("fleetstream.webhook_endpoints.v1", "endpoint"),
  DELIVERIES("fleetstream.deliveries.v1", "endpoint"),
  AUDIT("fleetstream.audit.v1", "tenant"),
  /** What-ifs and their answers: kept apart from every live topic, so a simulation changes none. */
  SIMULATIONS("fleetstream.simulations.v1", "run"),
  DLQ("fleetstream.dlq.v1", "source topic");

  private final String topicName;
  private final String keyedBy;

  Topic(String topicName, String keyedBy) {
    this.topicName = topicName;
    this.keyedBy = keyedBy;
  }

  /** The Kafka topic name, e.g. {@code fleetstream.jobs.v1}. */
  public String topicName() {
    return topicName;
  }

  /** What the {@code partitionkey} (and so the Kafka key after {@code tenant/}) identifies. */
  public String keyedBy() {
    return keyedBy;
  }

  /** Classpath location of this topic's JSON Schema. */
  public String schemaResource() {
    return "io/fleetstream/schemas/json/" + topicName + ".schema.json";
  }

  public static Optional<Topic> byName(String topicName) {
    return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
  }
}
