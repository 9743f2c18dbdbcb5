package io.fleetstream.jobs.internal.serde;

import io.fleetstream.connectors.flink.ImmutableSerializer;
import io.fleetstream.schemas.json.EventJson;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes immutable records as length-prefixed Jackson Smile documents. One instance may be
 * shared between threads.
 *
 * <p>A memoizing instance ({@link #memoizing}) writes a large value it has written before from a
 * {@link SerializedMemo} instead of serializing it again: for values that sit in checkpointed state
 * unchanged across many checkpoints (an async operator's waiting requests). The bytes and the
 * snapshot are the same either way, so each reads what the other wrote and a savepoint taken with
 * one restores with the other.
 */
public final class SmileSerializer<T> extends ImmutableSerializer<T> {

  private static final long serialVersionUID = 1L;

  /** Enough for a few dozen zones' snapshots of a thousand jobs each. */
  static final long MEMO_BUDGET_BYTES = 32L << 20;

  private final Class<T> type;
  private final boolean memoized;

  /** Made on first use: serializers are shipped to the task managers as Java objects. */
  private transient volatile SerializedMemo memo;

  public SmileSerializer(Class<T> type) {
    this(type, false);
  }

  private SmileSerializer(Class<T> type, boolean memoized) {
    this.type = Objects.requireNonNull(type);
    this.memoized = memoized;
  }

  /** A serializer that writes a large value it wrote before from memory (see above). */
  public static <T> SmileSerializer<T> memoizing(Class<T> type) {
    return new SmileSerializer<>(type, true);
  }

  Class<T> type() {
    return type;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    byte[] bytes = memoized ? memo().get(record) : null;
    if (bytes == null) {
      bytes = EventJson.smile().writeValueAsBytes(record);
      if (memoized) {
        memo().put(record, bytes);
      }
    }
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    return EventJson.smile().readValue(bytes, type);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    // Through an array: not every DataOutputView grows for write(DataInputView, int).
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  private SerializedMemo memo() {
    SerializedMemo m = memo;
    if (m == null) {
      synchronized (this) {
        if (memo == null) {
          memo = new SerializedMemo(MEMO_BUDGET_BYTES);
        }
        m = memo;
      }
    }
    return m;
  }

  /** How often a value's bytes came from the memo, for tests. */
  long memoHits() {
    return memoized ? memo().hits() : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmileSerializer<?> other
        && other.type.equals(type)
        && other.memoized == memoized;
  }

  @Override
  public int hashCode() {
    return type.hashCode() + (memoized ? 1 : 0);
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new SmileSerializerSnapshot<>(type);
  }
}
