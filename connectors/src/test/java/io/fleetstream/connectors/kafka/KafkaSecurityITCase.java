package io.fleetstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DriverStatusData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka that, like a production cluster, serves only authenticated clients (SASL/PLAIN here):
 * with the cluster's client settings named ({@link KafkaSecurity}), topics are created and events
 * go through; without them, or with a wrong password, the broker refuses the client.
 */
class KafkaSecurityITCase {

  @TempDir static Path dir;
  private static KafkaBroker broker;

  @BeforeAll
  static void start() {
    broker =
        KafkaBroker.builder()
            .dataDir(dir.resolve("kafka"))
            .saslPlain("fleetstream", "s3cret")
            .build();
    broker.start();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @AfterEach
  void forget() {
    System.clearProperty(KafkaSecurity.PROPERTY);
  }

  @Test
  void withTheClusterSettingsTopicsAreCreatedAndEventsGoThroughExactlyAsWithout() throws Exception {
    KafkaSecurity.use(broker.clientConfig());
    TopicAdmin.builder()
        .bootstrapServers(broker.bootstrapServers())
        .partitions(2)
        .build()
        .ensureTopics();
    CloudEvent started =
        CloudEvent.create(
            EventType.DRIVER_SHIFT_STARTED,
            "/test",
            "acct_secure",
            "drv_1",
            new DriverStatusData("drv_1", Instant.parse("2026-12-05T08:00:00Z"), null, null));
    try (EventProducer producer = new EventProducer(broker.bootstrapServers());
        EventConsumer consumer =
            new EventConsumer(broker.bootstrapServers(), "secure-reader", Topic.DRIVERS)) {
      producer.send(started);
      producer.flush();
      List<EventConsumer.Consumed> read = new ArrayList<>();
      Awaitility.await("the event read back through the secured listener")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                read.addAll(consumer.poll(Duration.ofMillis(200)));
                return !read.isEmpty();
              });
      assertThat(read.get(0).event().id()).isEqualTo(started.id());
    }
  }

  /**
   * On Kubernetes the password is in a Secret mounted as files (Strimzi's KafkaUser secret has a
   * {@code sasl.jaas.config} key): the settings name it through Kafka's directory config provider
   * and hold no secret themselves (deploy/k8s/overlays/production-size/kafka-client.properties).
   */
  @Test
  void theSecretCanBeReadFromAMountedSecretThroughKafkasConfigProviders() throws Exception {
    Properties given = new Properties();
    try (var in = Files.newBufferedReader(broker.clientConfig())) {
      given.load(in);
    }
    Path secret = Files.createDirectories(dir.resolve("kafka-user"));
    Files.writeString(secret.resolve("sasl.jaas.config"), given.getProperty("sasl.jaas.config"));
    Path settings = dir.resolve("by-reference.properties");
    Files.writeString(
        settings,
        String.join(
            "\n",
            "security.protocol=" + given.getProperty("security.protocol"),
            "sasl.mechanism=" + given.getProperty("sasl.mechanism"),
            "config.providers=dir",
            "config.providers.dir.class="
                + "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
            "sasl.jaas.config=${dir:" + secret + ":sasl.jaas.config}",
            ""));
    assertThat(Files.readString(settings)).doesNotContain("s3cret");

    KafkaSecurity.use(settings);
    describe(KafkaClientSettings.admin(broker.bootstrapServers()));
  }

  @Test
  void withoutThemTheBrokerServesNothing() {
    assertThatThrownBy(() -> describe(KafkaClientSettings.admin(broker.bootstrapServers())))
        .as("a plaintext client gets no answer")
        .isInstanceOfAny(TimeoutException.class, ExecutionException.class);
  }

  @Test
  void aWrongPasswordIsAnAuthenticationError() throws Exception {
    Path wrong = dir.resolve("wrong.properties");
    Files.writeString(wrong, Files.readString(broker.clientConfig()).replace("s3cret", "guess"));
    KafkaSecurity.use(wrong);
    assertThatThrownBy(() -> describe(KafkaClientSettings.admin(broker.bootstrapServers())))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SaslAuthenticationException.class);
  }

  private static void describe(Properties admin) throws Exception {
    admin.setProperty("default.api.timeout.ms", "5000");
    admin.setProperty("request.timeout.ms", "5000");
    try (Admin client = Admin.create(admin)) {
      client.describeCluster().clusterId().get(6, TimeUnit.SECONDS);
    }
  }
}
