package io.fleetstream.functions.webhooks.internal;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.json.Validation;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.io.KafkaEgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.types.Type;

/**
 * Where the Kafka ingress lands: its address is the record's key ({@code tenant/…}). Validates each
 * record against its topic's contract, sends a broken one to the DLQ with its code (a poison record
 * must not stop every tenant's deliveries), and hands each valid one to its tenant's function, in
 * the order it arrived.
 */
public final class FanoutFn implements StatefulFunction {

  public static final TypeName TYPE = TypeName.typeNameOf(Messages.NAMESPACE, "webhook-fanout");

  public static final StatefulFunctionSpec SPEC =
      StatefulFunctionSpec.builder(TYPE).withSupplier(FanoutFn::new).build();

  static final String REJECTED_BY = "functions/webhook-fanout";

  /** The ingress's record type per topic, made once rather than for every record. */
  private static final Map<Topic, Type<byte[]>> RAW =
      Map.of(
          Topic.WEBHOOKS,
          Messages.rawRecord(Topic.WEBHOOKS),
          Topic.WEBHOOK_ENDPOINTS,
          Messages.rawRecord(Topic.WEBHOOK_ENDPOINTS));

  private static final EventValidator VALIDATOR = EventValidator.create();

  @Override
  public CompletableFuture<Void> apply(Context context, Message message) {
    for (Map.Entry<Topic, Type<byte[]>> raw : RAW.entrySet()) {
      if (message.is(raw.getValue())) {
        Topic topic = raw.getKey();
        byte[] value = message.as(raw.getValue());
        Validation validation = VALIDATOR.validate(topic, value);
        if (validation instanceof Validation.Valid valid) {
          CloudEvent event = valid.event();
          context.send(
              MessageBuilder.forAddress(TenantFn.TYPE, event.tenant())
                  .withCustomType(Messages.CLOUD_EVENT, event)
                  .build());
        } else {
          deadLetter(context, topic, value, ((Validation.Invalid) validation).rejection());
        }
        return context.done();
      }
    }
    System.err.println("webhook-fanout: unexpected message type " + message.valueTypeName());
    return context.done();
  }

  /**
   * A DLQ record like the dispatch job's: keyed by the source topic, with no tenant (a broken
   * record's claim to one cannot be trusted).
   */
  private static void deadLetter(Context context, Topic topic, byte[] value, Rejection rejection) {
    CloudEvent dlq =
        DlqData.event(
            "dlq_" + java.util.UUID.randomUUID().toString().replace("-", ""),
            "/fleetstream/functions",
            topic.topicName(),
            null,
            null,
            context.self().id(),
            value,
            null,
            rejection,
            REJECTED_BY);
    context.send(
        KafkaEgressMessage.forEgress(EndpointFn.EGRESS)
            .withTopic(Topic.DLQ.topicName())
            .withUtf8Key(topic.topicName())
            .withValue(EventJson.toBytes(dlq))
            .build());
  }
}
