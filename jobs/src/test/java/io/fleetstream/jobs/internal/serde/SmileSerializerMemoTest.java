package io.fleetstream.jobs.internal.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** A waiting re-plan request is written once, however many checkpoints it waits through. */
class SmileSerializerMemoTest {

  /** Stands in for a zone's snapshot: a record with a long list. */
  public record Zone(String id, List<String> jobs) {}

  private static Zone zone(String id, int jobs) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      ids.add(id + "-job-" + i);
    }
    return new Zone(id, List.copyOf(ids));
  }

  private final SmileSerializer<Zone> memoizing = SmileSerializer.memoizing(Zone.class);
  private final SmileSerializer<Zone> plain = new SmileSerializer<>(Zone.class);

  @Test
  void theSameLargeValueIsWrittenFromMemoWithTheBytesThePlainSerializerWrites() throws IOException {
    Zone z = zone("z1", 2_000);
    byte[] first = bytes(memoizing, z);
    byte[] second = bytes(memoizing, z);

    assertThat(memoizing.memoHits()).isEqualTo(1);
    bytes(plain, z);
    assertThat(plain.memoHits()).isZero();
    assertThat(second).isEqualTo(first).isEqualTo(bytes(plain, z));
    assertThat(first).hasSizeGreaterThan(SerializedMemo.MIN_BYTES); // large enough to be kept
  }

  @Test
  void anEqualButDifferentObjectIsSerializedAfreshAndADifferentOneGetsItsOwnBytes()
      throws IOException {
    Zone z = zone("z1", 2_000);
    bytes(memoizing, z);
    Zone other = zone("z2", 2_000);

    assertThat(bytes(memoizing, zone("z1", 2_000))).isEqualTo(bytes(plain, z));
    assertThat(read(plain, bytes(memoizing, other))).isEqualTo(other);
    assertThat(memoizing.memoHits()).isZero();
  }

  @Test
  void smallValuesAreNotKept() throws IOException {
    Zone small = zone("z1", 3);
    bytes(memoizing, small);
    bytes(memoizing, small);

    assertThat(memoizing.memoHits()).isZero();
  }

  @Test
  void eachReadsWhatTheOtherWroteAndTheirSnapshotsAreCompatible() throws IOException {
    Zone z = zone("z1", 2_000);
    assertThat(read(memoizing, bytes(plain, z))).isEqualTo(z);
    assertThat(read(plain, bytes(memoizing, z))).isEqualTo(z);
    assertThat(
            memoizing
                .snapshotConfiguration()
                .resolveSchemaCompatibility(plain.snapshotConfiguration())
                .isCompatibleAsIs())
        .isTrue();
    assertThat(SmileTypeInfo.memoized(Zone.class).createSerializer(new SerializerConfigImpl()))
        .isEqualTo(memoizing)
        .isNotEqualTo(plain);
  }

  @Test
  void theMemoKeepsToItsBudgetDroppingTheOldest() {
    SerializedMemo memo = new SerializedMemo(3 * SerializedMemo.MIN_BYTES);
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();
    Object d = new Object();
    memo.put(a, new byte[SerializedMemo.MIN_BYTES]);
    memo.put(b, new byte[SerializedMemo.MIN_BYTES]);
    memo.put(c, new byte[SerializedMemo.MIN_BYTES]);
    memo.put(d, new byte[SerializedMemo.MIN_BYTES]);

    assertThat(memo.get(a)).isNull();
    assertThat(memo.get(b)).isNotNull();
    assertThat(memo.get(d)).isNotNull();
  }

  private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(1024);
    serializer.serialize(value, out);
    return out.getCopyOfBuffer();
  }

  private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
    return serializer.deserialize(new DataInputDeserializer(bytes));
  }
}
