package io.fleetstream.functions;

import io.fleetstream.connectors.kafka.KafkaSecurity;
import io.fleetstream.functions.webhooks.internal.EndpointFn;
import io.fleetstream.functions.webhooks.internal.FanoutFn;
import io.fleetstream.functions.webhooks.internal.Messages;
import io.fleetstream.schemas.Topic;
import java.time.Duration;

/**
 * The StateFun remote module (module.yaml) that wires Kafka to the functions: the webhook and
 * endpoint topics in, read committed; deliveries and endpoint changes out, exactly once.
 */
public final class FunctionsModule {

  /** The ingress's consumer group: its offsets live in the runtime's checkpoints. */
  public static final String CONSUMER_GROUP = "fleetstream-functions";

  private FunctionsModule() {}

  /**
   * The module for a runtime reading {@code bootstrapServers} and calling the functions at {@code
   * functionsUrl} (as {@link FunctionsServer#url()} gives it).
   */
  public static String yaml(String bootstrapServers, String functionsUrl, Duration callTimeout) {
    return yaml(bootstrapServers, functionsUrl, callTimeout, KafkaSecurity.current());
  }

  /**
   * As {@link #yaml(String, String, Duration)}, the ingress and the egress connecting with {@code
   * security}'s settings (the module file then holds them: it is written to the runtime's own data
   * directory).
   */
  public static String yaml(
      String bootstrapServers, String functionsUrl, Duration callTimeout, KafkaSecurity security) {
    String secured = properties(security, "    ");
    return String.join(
        "\n",
        "kind: io.statefun.endpoints.v2/http",
        "spec:",
        "  functions: " + Messages.NAMESPACE + "/*",
        "  urlPathTemplate: " + functionsUrl,
        "  transport:",
        "    type: io.statefun.transports.v1/async",
        "    call: " + callTimeout.toMillis() + "ms",
        "    connect: 10s",
        "---",
        "kind: io.statefun.kafka.v1/ingress",
        "spec:",
        "  id: " + Messages.NAMESPACE + "/kafka-in",
        "  address: " + bootstrapServers,
        "  consumerGroupId: " + CONSUMER_GROUP,
        "  startupPosition:",
        "    type: earliest",
        "  properties:",
        "    - isolation.level: read_committed" + secured,
        "  topics:",
        "    - topic: " + Topic.WEBHOOK_ENDPOINTS.topicName(),
        "      valueType: " + rawType(Topic.WEBHOOK_ENDPOINTS),
        "      targets:",
        "        - " + FanoutFn.TYPE.asTypeNameString(),
        "    - topic: " + Topic.WEBHOOKS.topicName(),
        "      valueType: " + rawType(Topic.WEBHOOKS),
        "      targets:",
        "        - " + FanoutFn.TYPE.asTypeNameString(),
        "---",
        "kind: io.statefun.kafka.v1/egress",
        "spec:",
        "  id: " + EndpointFn.EGRESS.asTypeNameString(),
        "  address: " + bootstrapServers,
        "  deliverySemantic:",
        "    type: exactly-once",
        "    transactionTimeout: 15min" + (security.isEmpty() ? "" : "\n  properties:" + secured),
        "");
  }

  /**
   * Each setting as a YAML list item on its own line, the value single-quoted (JAAS has quotes).
   */
  private static String properties(KafkaSecurity security, String indent) {
    StringBuilder b = new StringBuilder();
    security
        .settings()
        .forEach(
            (k, v) ->
                b.append('\n')
                    .append(indent)
                    .append("- ")
                    .append(k)
                    .append(": '")
                    .append(v.replace("'", "''"))
                    .append('\''));
    return b.toString();
  }

  private static String rawType(Topic topic) {
    return Messages.rawRecord(topic).typeName().asTypeNameString();
  }
}
