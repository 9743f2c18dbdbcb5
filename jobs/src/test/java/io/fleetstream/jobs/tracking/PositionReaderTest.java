package io.fleetstream.jobs.tracking;

import static io.fleetstream.jobs.tracking.PositionSamplerTest.ping;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.connectors.kafka.RawRecord;
import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The planner's telemetry reader thins by Kafka key before it parses, and still lets through what
 * the sampler would: a driver's first ping, a move of the sample distance once the thinning
 * interval (250 m at 108 km/h: 8.3 s) has passed, and every driver of a key that carries several.
 */
class PositionReaderTest {

  private static final Instant T0 = Instant.parse("2026-05-08T16:00:00Z");
  private static final long THINNING_MS = 8_333;

  private OneInputStreamOperatorTestHarness<RawRecord, CloudEvent> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new PositionReader(DispatchJobConfig.Tracking.defaults()));
    harness.setProcessingTime(1_000_000);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aMoveWithinTheThinningIntervalWaitsForTheNextPingAfterIt() throws Exception {
    read("acct/d1", ping("acct", "d1", 43.7000, T0));
    harness.setProcessingTime(1_000_000 + 2_000);
    read("acct/d1", ping("acct", "d1", 43.7040, T0.plusSeconds(2))); // 445 m, but unread
    harness.setProcessingTime(1_000_000 + THINNING_MS);
    read("acct/d1", ping("acct", "d1", 43.7045, T0.plusSeconds(9)));

    assertThat(lats()).containsExactly(43.7000, 43.7045);
  }

  @Test
  void aStandingDriverIsStillSampledOncePerInterval() throws Exception {
    read("acct/d1", ping("acct", "d1", 43.7000, T0));
    harness.setProcessingTime(1_000_000 + 61_000);
    read("acct/d1", ping("acct", "d1", 43.7000, T0.plusSeconds(61)));

    assertThat(lats()).containsExactly(43.7000, 43.7000);
  }

  @Test
  void aKeyCarryingSeveralDriversIsNeverThinned() throws Exception {
    read("acct/fleet", ping("acct", "d1", 43.7000, T0));
    read("acct/fleet", ping("acct", "d2", 43.7100, T0));
    read("acct/fleet", ping("acct", "d3", 43.7200, T0));

    assertThat(lats()).containsExactly(43.7000, 43.7100, 43.7200);
  }

  @Test
  void recordsWithoutAKeyAreReadEachTime() throws Exception {
    read(null, ping("acct", "d1", 43.7000, T0));
    read(null, ping("acct", "d1", 43.7040, T0.plusSeconds(2)));

    assertThat(lats()).containsExactly(43.7000, 43.7040);
  }

  @Test
  void anInvalidRecordIsDroppedHereWithoutStoppingTheReader() throws Exception {
    harness.processElement(
        new RawRecord(
            Topic.TELEMETRY.topicName(),
            0,
            0,
            0,
            "acct/d1".getBytes(StandardCharsets.UTF_8),
            "{not json".getBytes(StandardCharsets.UTF_8)),
        0);
    read("acct/d1", ping("acct", "d1", 43.7000, T0));

    assertThat(lats()).containsExactly(43.7000);
  }

  private void read(String key, CloudEvent ping) throws Exception {
    harness.processElement(
        new RawRecord(
            Topic.TELEMETRY.topicName(),
            0,
            0,
            ping.time().toEpochMilli(),
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            EventJson.toBytes(ping)),
        ping.time().toEpochMilli());
  }

  private List<Double> lats() {
    return harness.extractOutputValues().stream()
        .map(e -> ((TelemetryData) e.data()).lat())
        .toList();
  }
}
