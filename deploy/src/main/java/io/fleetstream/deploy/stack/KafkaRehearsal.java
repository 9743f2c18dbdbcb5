package io.fleetstream.deploy.stack;

import io.fleetstream.connectors.flink.FleetstreamKafka;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.kafka.KafkaSecurity;
import io.fleetstream.deploy.synthetic.SyntheticEvents;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.LoggerFactory;

/**
 * The Kafka half of a {@link Rehearsal}: a transactional producer and a read_committed consumer,
 * configured as the job's sinks and sources are, exchange synthetic pings through a scratch topic
 * of their own, which is deleted at the end. Why: after the job's own code, most of what the JIT
 * still compiled when the live job started was Kafka's client (its producer's accumulator and
 * batches, its consumer's fetches), which the rehearsal's generated sources and counting sinks
 * never run.
 */
final class KafkaRehearsal implements AutoCloseable {

  /** The scratch topic; no live topic is touched. */
  static final String TOPIC = "fleetstream.rehearsal";

  /** Enough to get the client's paths compiled, not so much that the job's rehearsal starves. */
  private static final int RATE = 20_000;

  private final String bootstrap;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final LongAdder received = new LongAdder();
  private final Thread producer;
  private final Thread consumer;

  private KafkaRehearsal(String bootstrap) {
    this.bootstrap = bootstrap;
    this.producer = new Thread(this::produce, "fleetstream-rehearsal-producer");
    this.consumer = new Thread(this::consume, "fleetstream-rehearsal-consumer");
  }

  /** Creates the scratch topic and starts exchanging records until {@link #close}. */
  static KafkaRehearsal start(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(KafkaClientSettings.admin(bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw e; // left by a rehearsal that was killed: reuse it
      }
    }
    KafkaRehearsal r = new KafkaRehearsal(bootstrap);
    r.consumer.start();
    r.producer.start();
    return r;
  }

  /** Records read back, committed. */
  long received() {
    return received.sum();
  }

  private void produce() {
    Properties p = new Properties();
    p.putAll(FleetstreamKafka.sinkProducerSettings()); // configured like the job's producers
    p.setProperty("bootstrap.servers", bootstrap);
    KafkaSecurity.current().applyTo(p);
    p.setProperty("transactional.id", "fleetstream-rehearsal-" + UUID.randomUUID());
    try (KafkaProducer<byte[], byte[]> out =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      out.initTransactions();
      long sent = 0;
      long start = System.nanoTime();
      while (running.get()) {
        out.beginTransaction();
        // a transaction per 250 ms, as the job commits per checkpoint
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
        while (System.nanoTime() < until && running.get()) {
          long due = (System.nanoTime() - start) * RATE / 1_000_000_000L;
          for (; sent < due; sent++) {
            int driver = (int) (sent % 1000);
            byte[] value =
                SyntheticEvents.ping(Rehearsal.TENANT, driver, System.currentTimeMillis());
            out.send(new ProducerRecord<>(TOPIC, ("drv_" + driver).getBytes(), value));
          }
          Thread.sleep(1);
        }
        out.commitTransaction();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // a rehearsal that fails costs warm-up, never the start
      LoggerFactory.getLogger(KafkaRehearsal.class)
          .warn("Kafka rehearsal producer stopped: {}", e.toString());
    }
  }

  private void consume() {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", bootstrap);
    KafkaSecurity.current().applyTo(p);
    p.setProperty("group.id", "fleetstream-rehearsal");
    p.setProperty("isolation.level", "read_committed");
    p.setProperty("auto.offset.reset", "latest");
    p.setProperty("enable.auto.commit", "false");
    try (KafkaConsumer<byte[], byte[]> in =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      in.subscribe(List.of(TOPIC));
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> r : in.poll(Duration.ofMillis(100))) {
          if (r.value() != null) {
            received.increment();
          }
        }
      }
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(KafkaRehearsal.class)
          .warn("Kafka rehearsal consumer stopped: {}", e.toString());
    }
  }

  /** Stops both clients and deletes the scratch topic. */
  @Override
  public void close() throws Exception {
    running.set(false);
    producer.join(30_000);
    consumer.join(30_000);
    try (Admin admin = Admin.create(KafkaClientSettings.admin(bootstrap))) {
      admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
      admin.deleteConsumerGroups(List.of("fleetstream-rehearsal")).all().get(30, TimeUnit.SECONDS);
    }
  }
}
