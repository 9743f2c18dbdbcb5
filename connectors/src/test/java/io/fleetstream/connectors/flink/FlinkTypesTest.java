package io.fleetstream.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.connectors.kafka.OutboundRecord;
import io.fleetstream.connectors.kafka.RawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The records read from and written to Kafka: passed between chained operators without copying
 * their bytes, and sent whole (null keys too) when they cross the network.
 */
class FlinkTypesTest {

  private static final TypeSerializer<RawRecord> RAW =
      FleetstreamKafka.RAW_RECORDS.createSerializer(new SerializerConfigImpl());
  private static final TypeSerializer<OutboundRecord> OUTBOUND =
      FleetstreamKafka.OUTBOUND_RECORDS.createSerializer(new SerializerConfigImpl());

  private static final RawRecord READ =
      new RawRecord("fleetstream.telemetry.v1", 3, 42L, 1_700L, bytes("acct/drv_1"), bytes("{}"));

  @Test
  void aCopyBetweenChainedOperatorsSharesTheRecord() {
    assertThat(RAW.copy(READ)).isSameAs(READ);
    OutboundRecord out = new OutboundRecord("t", bytes("k"), bytes("v"));
    assertThat(OUTBOUND.copy(out)).isSameAs(out);
    assertThat(RAW.isImmutableType()).isTrue();
  }

  @Test
  void recordsCrossTheNetworkWhole() throws IOException {
    RawRecord back = roundTrip(RAW, READ);
    assertThat(back.topic()).isEqualTo(READ.topic());
    assertThat(back.partition()).isEqualTo(3);
    assertThat(back.offset()).isEqualTo(42L);
    assertThat(back.timestamp()).isEqualTo(1_700L);
    assertThat(back.key()).isEqualTo(READ.key());
    assertThat(back.value()).isEqualTo(READ.value());

    RawRecord garbled = new RawRecord("t", 0, 1L, 2L, null, new byte[0]);
    assertThat(roundTrip(RAW, garbled).key()).isNull();
    assertThat(roundTrip(RAW, garbled).value()).isEmpty();

    OutboundRecord out = roundTrip(OUTBOUND, new OutboundRecord("t", null, bytes("v")));
    assertThat(out.topic()).isEqualTo("t");
    assertThat(out.key()).isNull();
    assertThat(out.value()).isEqualTo(bytes("v"));
  }

  @Test
  void aSnapshotRestoresTheSameSerializer() throws IOException {
    for (TypeSerializer<?> serializer : new TypeSerializer<?>[] {RAW, OUTBOUND}) {
      TypeSerializerSnapshot<?> snapshot = serializer.snapshotConfiguration();
      DataOutputSerializer out = new DataOutputSerializer(64);
      TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
      TypeSerializerSnapshot<?> read =
          TypeSerializerSnapshot.readVersionedSnapshot(
              new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
      assertThat(read.restoreSerializer()).isEqualTo(serializer);
    }
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    return serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
