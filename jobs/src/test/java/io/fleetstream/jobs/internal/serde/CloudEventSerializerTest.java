package io.fleetstream.jobs.internal.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.json.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Every event of the contract crosses from one operator to the next unchanged. */
class CloudEventSerializerTest {

  /** The contract's example of every event type (the golden files of state-schemas). */
  private static final Path GOLDEN =
      Path.of("..", "state-schemas", "src", "test", "resources", "golden", "valid");

  private final CloudEventSerializer serializer = CloudEventSerializer.INSTANCE;

  @Test
  void everyGoldenEventSurvivesARoundTripAndARawCopy() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(GOLDEN)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    for (Path f : files) {
      CloudEvent event = EventJson.readEvent(Files.readAllBytes(f));

      assertThat(roundTrip(event)).as(f.getFileName().toString()).isEqualTo(event);
      assertThat(copied(event)).as(f.getFileName().toString()).isEqualTo(event);
    }
  }

  @Test
  void telemetryWithoutItsOptionalFieldsKeepsThemAbsent() throws IOException {
    TelemetryData bare =
        new TelemetryData(
            "drv_1",
            43.7311,
            7.4197,
            null,
            null,
            null,
            Instant.parse("2026-05-08T16:00:00.123456789Z"));
    CloudEvent event =
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            "evt_1",
            "/devices",
            EventType.TELEMETRY_PING.type(),
            null,
            null,
            null,
            "acct",
            "drv_1",
            bare);

    CloudEvent back = roundTrip(event);

    assertThat(back).isEqualTo(event);
    assertThat(back.data(TelemetryData.class).speedMps()).isNull();
    assertThat(back.time()).isNull();
  }

  @Test
  void aSnapshotRestoresTheSameSerializer() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());

    TypeSerializerSnapshot<CloudEvent> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    assertThat(
            serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();
  }

  private CloudEvent roundTrip(CloudEvent event) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(event, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  private CloudEvent copied(CloudEvent event) throws IOException {
    DataOutputSerializer first = new DataOutputSerializer(64);
    serializer.serialize(event, first);
    DataOutputSerializer second = new DataOutputSerializer(64);
    serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
    return serializer.deserialize(new DataInputDeserializer(second.getCopyOfBuffer()));
  }
}
