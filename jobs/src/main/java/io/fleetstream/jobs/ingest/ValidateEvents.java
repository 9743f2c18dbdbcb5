package io.fleetstream.jobs.ingest;

import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.jobs.internal.serde.CloudEventTypeInfo;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.json.Validation;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns raw records into contract events. Anything that breaks the contract goes to the dead-letter
 * side output with a code and its original bytes; this function never throws on input.
 */
public final class ValidateEvents extends ProcessFunction<RawRecord, CloudEvent> {

  private static final long serialVersionUID = 1L;

  /** Rejected input, ready for the dead-letter topic. */
  public static final OutputTag<CloudEvent> DEAD_LETTERS =
      new OutputTag<>("dead-letters", CloudEventTypeInfo.INSTANCE);

  private final String operatorName;
  private transient EventValidator validator;
  private transient Counter accepted;
  private transient Counter rejected;

  public ValidateEvents(String operatorName) {
    this.operatorName = operatorName;
  }

  @Override
  public void open(OpenContext openContext) {
    validator = EventValidator.create();
    accepted = getRuntimeContext().getMetricGroup().counter("eventsAccepted");
    rejected = getRuntimeContext().getMetricGroup().counter("eventsRejected");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<CloudEvent> out) {
    Validation result = validate(validator, raw);
    if (result instanceof Validation.Valid valid) {
      accepted.inc();
      out.collect(valid.event());
    } else {
      rejected.inc();
      ctx.output(
          DEAD_LETTERS,
          DeadLetters.of(raw, ((Validation.Invalid) result).rejection(), operatorName));
    }
  }

  /**
   * A raw record checked against its topic's contract; never throws (a validator failure is an
   * invalid record with the cause).
   */
  public static Validation validate(EventValidator validator, RawRecord raw) {
    Optional<Topic> topic = Topic.byName(raw.topic());
    if (topic.isEmpty()) {
      return new Validation.Invalid(
          new Rejection(ErrorCode.WRONG_TOPIC, "", "not a Fleetstream topic: " + raw.topic()));
    }
    try {
      return validator.validate(topic.get(), raw.value());
    } catch (RuntimeException bug) {
      // A validator failure must not stop the job: the record is kept in the DLQ with the cause.
      return new Validation.Invalid(
          new Rejection(ErrorCode.SCHEMA_VIOLATION, "", "validation failed: " + bug));
    }
  }
}
