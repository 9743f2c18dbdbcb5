package io.fleetstream.bridge.internal.kafka;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.json.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns accepted requests into events on Kafka: validates each event against its topic's schema
 * (the same {@link EventValidator} every consumer uses; job events that {@link JobEventFastPath}
 * finds plainly valid skip the schema engine), sends it with the contract's producer settings
 * (idempotent, acks=all) and waits for the broker's acknowledgement, so a 2xx means the event is on
 * the log. When Kafka does not answer in time the request gets 503.
 */
public final class EventWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

  /** Where an acknowledged event landed. */
  public record Written(CloudEvent event, String topic, int partition, long offset) {}

  /** Kafka header naming the bridge process that wrote (and already folded) a record. */
  public static final String ORIGIN_HEADER = "fleetstream-bridge-origin";

  private final KafkaProducer<String, byte[]> producer;
  private final byte[] origin;
  private final EventValidator validator;
  private final Duration timeout;

  public EventWriter(
      String bootstrapServers, EventValidator validator, Duration timeout, String origin) {
    this.validator = validator;
    this.origin = origin.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.timeout = timeout;
    Properties p = KafkaClientSettings.producer(bootstrapServers, timeout);
    // A few milliseconds of batching: at thousands of writes per second, one produce request per
    // write costs the producer thread and the broker more than the wait costs the caller.
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "fleetstream-bridge");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Validates, writes and waits. A contract violation is a 400 whose {@code param} is the API field
   * that {@code fieldOf} maps the event's JSON Pointer to.
   */
  public Written write(CloudEvent event, UnaryOperator<String> fieldOf) {
    return writeAll(List.of(event), (i, pointer) -> fieldOf.apply(pointer)).get(0);
  }

  /**
   * Validates every event first (nothing is written if one is invalid; {@code fieldOf} gets its
   * index), then writes them all and waits for all acknowledgements, so a batch costs one round
   * trip instead of one per event. Not atomic: if Kafka fails midway some may be written, which a
   * retry with the same event ids makes harmless.
   */
  public List<Written> writeAll(
      List<CloudEvent> events, BiFunction<Integer, String, String> fieldOf) {
    List<byte[]> values = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      CloudEvent event = events.get(i);
      byte[] bytes = EventJson.toBytes(event);
      if (!JobEventFastPath.plainlyValid(event)
          && validator.validate(event.eventType().topic(), bytes)
              instanceof Validation.Invalid invalid) {
        Rejection r = invalid.rejection();
        String param = fieldOf.apply(i, r.path());
        throw ApiException.invalid(
                param,
                (param == null ? "" : "'" + param + "': ") + r.message() + " (" + r.code() + ")")
            .with("event_path", r.path());
      }
      values.add(bytes);
    }
    try {
      List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        CloudEvent event = events.get(i);
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(
                event.eventType().topic().topicName(), event.kafkaKey(), values.get(i));
        record.headers().add(ORIGIN_HEADER, origin);
        sent.add(producer.send(record));
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.toMillis() + 1000);
      List<Written> written = new ArrayList<>(events.size());
      for (int i = 0; i < sent.size(); i++) {
        RecordMetadata meta =
            sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        written.add(new Written(events.get(i), meta.topic(), meta.partition(), meta.offset()));
      }
      return written;
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      LOG.warn(
          "Kafka did not take {} event(s) from {}: {}",
          events.size(),
          events.get(0).id(),
          e.toString());
      throw ApiException.of(
              ApiErrorCode.SERVICE_UNAVAILABLE,
              "the event log (Kafka) is not available; retry with the same Idempotency-Key")
          .withHeader("Retry-After", "5");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.of(ApiErrorCode.SERVICE_UNAVAILABLE, "interrupted while writing to Kafka");
    }
  }

  /**
   * Sends one event without waiting: the future completes when Kafka acknowledged it (or fails). An
   * event that breaks the contract fails the future; it is a bug of the caller, not of the request.
   * It carries no origin header: this process has not folded it, its view consumer will.
   */
  public CompletableFuture<Written> send(CloudEvent event) {
    CompletableFuture<Written> done = new CompletableFuture<>();
    try {
      byte[] bytes = validator.serializeChecked(event);
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(event.eventType().topic().topicName(), event.kafkaKey(), bytes);
      producer.send(
          record,
          (meta, failure) -> {
            if (failure != null) {
              done.completeExceptionally(failure);
            } else {
              done.complete(new Written(event, meta.topic(), meta.partition(), meta.offset()));
            }
          });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
