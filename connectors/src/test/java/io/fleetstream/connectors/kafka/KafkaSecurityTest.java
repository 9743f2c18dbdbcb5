package io.fleetstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"fs\""
          + " password=\"s3cret\";";

  @TempDir Path dir;

  @AfterEach
  void forget() {
    System.clearProperty(KafkaSecurity.PROPERTY);
  }

  @Test
  void securitySettingsFromAFileGoIntoEveryClientTheContractBuilds() throws Exception {
    Path file =
        write(
            "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config="
                + JAAS
                + "\nssl.truststore.location=/etc/kafka/truststore.jks\n");
    KafkaSecurity.use(file);

    Properties producer = KafkaClientSettings.producer("kafka:9093");
    Properties consumer = KafkaClientSettings.readCommittedConsumer("kafka:9093", "g");
    Properties admin = KafkaClientSettings.admin("kafka:9093");
    for (Properties client : new Properties[] {producer, consumer, admin}) {
      assertThat(client)
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "PLAIN")
          .containsEntry("sasl.jaas.config", JAAS)
          .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
          .containsEntry("bootstrap.servers", "kafka:9093");
    }
    assertThat(producer).containsEntry("enable.idempotence", "true");
    assertThat(consumer).containsEntry("isolation.level", "read_committed");
    assertThat(KafkaSecurity.current().environment())
        .as("child processes are told where the file is, not what is in it")
        .isEqualTo(Map.of(KafkaSecurity.ENV, file.toAbsolutePath().toString()));
    assertThat(KafkaSecurity.current().toString())
        .contains("sasl.jaas.config")
        .doesNotContain("s3cret");
  }

  @Test
  void withoutAFileClientsAreAsBefore() {
    assertThat(KafkaSecurity.current().isEmpty()).isTrue();
    assertThat(KafkaSecurity.current().environment()).isEmpty();
    assertThat(KafkaClientSettings.admin("kafka:9092")).containsOnlyKeys("bootstrap.servers");
  }

  @Test
  void aSettingFleetstreamOwnsIsRefusedNamingIt() throws Exception {
    Path file = write("security.protocol=SSL\nisolation.level=read_uncommitted\n");
    assertThatThrownBy(() -> KafkaSecurity.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'isolation.level' is not a security setting")
        .hasMessageContaining(file.toString());
    Path servers = write("bootstrap.servers=elsewhere:9092\n");
    assertThatThrownBy(() -> KafkaSecurity.use(servers))
        .hasMessageContaining("'bootstrap.servers'");
    assertThat(KafkaSecurity.current().isEmpty()).as("a refused file is not used").isTrue();
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.properties");
    System.setProperty(KafkaSecurity.PROPERTY, missing.toString());
    assertThatThrownBy(KafkaSecurity::current)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no file " + missing);
  }

  @Test
  void theExampleInTheOperationsGuideIsTakenAsWritten() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "operations.md"));
    int block = page.indexOf("```\nsecurity.protocol=");
    assertThat(block).as("the example in docs/operations.md").isPositive();
    String example = page.substring(block + 4, page.indexOf("```", block + 4));
    KafkaSecurity security = KafkaSecurity.load(write(example));
    assertThat(security.settings())
        .containsOnlyKeys(
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "ssl.truststore.location",
            "ssl.truststore.password")
        .containsEntry("security.protocol", "SASL_SSL");
  }

  private Path write(String content) throws Exception {
    Path file = Files.createTempFile(dir, "client", ".properties");
    Files.writeString(file, content);
    return file;
  }
}
