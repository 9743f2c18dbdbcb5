package io.fleetstream.jobs.internal.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.state.JobState;
import io.fleetstream.schemas.state.JobStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * What Flink relies on from a serializer: lossless round trips, raw copies, restorable snapshots.
 */
class SmileSerializerTest {

  private static final JobData JOB =
      new JobData(
          "job_1",
          "order-1",
          new GeoPoint(43.73, 7.42, "Quai"),
          12.5,
          1,
          List.of(
              new TimeWindow(
                  OffsetDateTime.parse("2026-05-08T09:00:00-07:00"),
                  OffsetDateTime.parse("2026-05-08T17:00:00-07:00"))),
          List.of("hvac"),
          "repair",
          "z1");

  @Test
  void eventsAndStateSurviveARoundTripIncludingTheirTypedData() throws IOException {
    CloudEvent event = CloudEvent.create(EventType.JOB_CREATED, "/t", "acct", "job_1", JOB);
    JobState state =
        new JobState(JOB, JobStatus.ASSIGNED, "drv_1", null, Instant.parse("2026-05-08T16:00:00Z"));

    assertThat(
            roundTrip(
                SmileTypeInfo.of(CloudEvent.class).createSerializer(new SerializerConfigImpl()),
                event))
        .isEqualTo(event);
    assertThat(roundTrip(new SmileSerializer<>(JobState.class), state)).isEqualTo(state);
  }

  @Test
  void copyingSerializedBytesYieldsTheSameRecord() throws IOException {
    SmileSerializer<JobState> serializer = new SmileSerializer<>(JobState.class);
    JobState state =
        new JobState(
            JOB, JobStatus.PENDING, null, "NO_DRIVER", Instant.parse("2026-05-08T16:00:00Z"));
    DataOutputSerializer first = new DataOutputSerializer(64);
    serializer.serialize(state, first);
    DataOutputSerializer copied = new DataOutputSerializer(64);

    serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), copied);

    assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
        .isEqualTo(state);
  }

  @Test
  void aSnapshotRestoresTheSameSerializerAndIsCompatibleWithItself() throws IOException {
    SmileSerializer<JobState> serializer = new SmileSerializer<>(JobState.class);
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());

    TypeSerializerSnapshot<JobState> restored =
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

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}
