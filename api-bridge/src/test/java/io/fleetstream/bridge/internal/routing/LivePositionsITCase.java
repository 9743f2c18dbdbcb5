package io.fleetstream.bridge.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DriverStateData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drivers' latest positions read on demand from a real broker's driver_state topic: the newest of
 * each, found behind thousands of other drivers' pings, and nothing (not an error) for a driver
 * never reported or a broker that does not answer.
 */
class LivePositionsITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @BeforeAll
  static void write() throws Exception {
    TopicAdmin.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .partitions(Topic.DRIVER_STATE, 3)
        .build()
        .ensureTopics();
    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      for (int i = 1; i <= 5; i++) {
        producer.send(state("acme", "drv_van", 43.70 + i / 100.0));
      }
      // Its newest position now lies behind 12,000 other pings, beyond the first windows read back.
      for (int i = 0; i < 12_000; i++) {
        producer.send(state("acme", "drv_" + (i % 300), 43.0));
      }
      producer.send(state("other", "drv_van", 10.0)); // another tenant's driver of the same id
      producer.flush();
    }
  }

  @Test
  void findsEachDriversNewestPositionAndNothingForOneNeverReported() {
    LivePositions positions =
        new LivePositions(
            KAFKA.bootstrapServers(),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            Clock.systemUTC());

    Map<String, DriverStateData> found = positions.latest("acme", List.of("drv_van", "drv_nobody"));

    assertThat(found).containsOnlyKeys("drv_van");
    assertThat(found.get("drv_van").lat()).isEqualTo(43.75);
  }

  @Test
  void aPositionOlderThanTheLookBackIsNotLive() {
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(30));
    LivePositions positions =
        new LivePositions(
            KAFKA.bootstrapServers(), Duration.ofMinutes(10), Duration.ofSeconds(10), later);

    assertThat(positions.latest("acme", List.of("drv_van"))).isEmpty();
  }

  @Test
  void aBrokerThatDoesNotAnswerGivesNoPositionsNotAnError() {
    LivePositions positions =
        new LivePositions(
            "127.0.0.1:1", Duration.ofMinutes(10), Duration.ofSeconds(2), Clock.systemUTC());

    assertThat(positions.latest("acme", List.of("drv_van"))).isEmpty();
  }

  private static CloudEvent state(String tenant, String driverId, double lat) {
    Instant now = Instant.now();
    return CloudEvent.create(
        EventType.DRIVER_STATE_UPDATED,
        "test",
        tenant,
        driverId,
        new DriverStateData(driverId, "online", lat, 7.42, null, null, now, 0, null, now));
  }
}
