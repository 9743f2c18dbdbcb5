package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {

  @TempDir Path dir;

  @Test
  void layersApplyInOrderDefaultsFileEnvironmentFlags() throws IOException {
    Path file = dir.resolve("bridge.properties");
    Files.writeString(
        file, "kafka.bootstrap=file:9092\ndata.dir=" + dir + "\nlimits.rpm=100\nport=7000\n");
    BridgeConfig c =
        BridgeConfig.load(
            file,
            Map.of(
                "FLEETSTREAM_BRIDGE_LIMITS_RPM",
                "200",
                "FLEETSTREAM_BRIDGE_KAFKA_BOOTSTRAP",
                "env:9092"),
            Map.of("kafka.bootstrap", "flag:9092"));
    assertThat(c.kafkaBootstrap()).isEqualTo("flag:9092");
    assertThat(c.defaultLimits().rpm()).isEqualTo(200);
    assertThat(c.port()).isEqualTo(7000);
    assertThat(c.defaultLimits().burst()).isEqualTo(240);
    assertThat(c.syncOptimizeTimeout()).isEqualTo(Duration.ofSeconds(25));
    assertThat(c.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void aTypoInASettingIsAnErrorNotASilentDefault() {
    assertThatThrownBy(
            () ->
                BridgeConfig.load(
                    null,
                    Map.of(),
                    Map.of("kafka.bootstrap", "x", "data.dir", "/tmp", "limits.rmp", "5")))
        .hasMessageContaining("unknown setting 'limits.rmp'");
    assertThatThrownBy(() -> BridgeConfig.load(null, Map.of(), Map.of("data.dir", "/tmp")))
        .hasMessageContaining("kafka.bootstrap is required");
  }

  @Test
  void geocodingReadsTheEmbeddedMapByDefaultAnotherMapOrNone() {
    Map<String, String> base = Map.of("kafka.bootstrap", "x", "data.dir", dir.toString());
    assertThat(BridgeConfig.load(null, Map.of(), base).geocoding())
        .isEqualTo(new BridgeConfig.Geocoding(true, null));
    Map<String, String> other = new java.util.HashMap<>(base);
    other.put("geocoding.osm_file", "maps/liechtenstein.osm.pbf");
    assertThat(BridgeConfig.load(null, Map.of(), other).geocoding().osmFile())
        .isEqualTo(Path.of("maps/liechtenstein.osm.pbf").toAbsolutePath());
    other.put("geocoding.osm_file", "off");
    assertThat(BridgeConfig.load(null, Map.of(), other).geocoding())
        .isEqualTo(BridgeConfig.Geocoding.OFF);
  }

  @Test
  void aWitherChangesItsSettingAndCarriesEveryOtherOver() {
    BridgeConfig c =
        BridgeConfig.load(null, Map.of(), Map.of("kafka.bootstrap", "x", "data.dir", "/d"));
    BridgeConfig changed =
        c.withPort(7001)
            .withKafkaTimeout(Duration.ofSeconds(3))
            .withGeocoding(BridgeConfig.Geocoding.OFF);

    assertThat(changed.port()).isEqualTo(7001);
    assertThat(changed.kafkaTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(changed.geocoding()).isEqualTo(BridgeConfig.Geocoding.OFF);
    assertThat(
            changed
                .withPort(c.port())
                .withKafkaTimeout(c.kafkaTimeout())
                .withGeocoding(c.geocoding()))
        .isEqualTo(c);
  }

  @Test
  void durationsReadLikePeopleWriteThem() {
    assertThat(BridgeConfig.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(BridgeConfig.duration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(BridgeConfig.duration("PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void webhookTargetsArePublicOnlyUnlessNetworksAreOpened() throws Exception {
    BridgeConfig plain =
        BridgeConfig.load(null, Map.of(), Map.of("kafka.bootstrap", "x", "data.dir", "/tmp"));
    assertThat(plain.webhookTargets().refusal(java.net.InetAddress.getByName("10.20.1.1")))
        .isPresent();
    BridgeConfig opened =
        BridgeConfig.load(
            null,
            Map.of(),
            Map.of(
                "kafka.bootstrap",
                "x",
                "data.dir",
                "/tmp",
                "webhooks.allowed_networks",
                "10.20.0.0/16, fd00:1::/32"));
    assertThat(opened.webhookTargets().allowedNetworks())
        .containsExactly("10.20.0.0/16", "fd00:1::/32");
    assertThat(opened.webhookTargets().refusal(java.net.InetAddress.getByName("10.20.1.1")))
        .isEmpty();
    assertThat(opened.webhookTargets().refusal(java.net.InetAddress.getByName("10.21.1.1")))
        .isPresent();
    assertThatThrownBy(
            () ->
                BridgeConfig.load(
                    null,
                    Map.of(),
                    Map.of(
                        "kafka.bootstrap",
                        "x",
                        "data.dir",
                        "/tmp",
                        "webhooks.allowed_networks",
                        "intranet.local")))
        .hasMessageContaining("intranet.local");
  }
}
