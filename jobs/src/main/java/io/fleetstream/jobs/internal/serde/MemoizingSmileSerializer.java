package io.fleetstream.jobs.internal.serde;

import io.fleetstream.schemas.json.EventJson;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@link SmileSerializer} that writes a large value it has written before from a {@link
 * SerializedMemo} instead of serializing it again: for values that sit in checkpointed state
 * unchanged across many checkpoints (an async operator's waiting requests). The bytes are the same
 * as {@link SmileSerializer}'s, and so is the snapshot, so either reads what the other wrote and a
 * savepoint taken with one restores with the other.
 */
public final class MemoizingSmileSerializer<T> extends ImmutableSerializer<T> {

  private static final long serialVersionUID = 1L;

  /** Enough for a few dozen zones' snapshots of a thousand jobs each. */
  static final long BUDGET_BYTES = 32L << 20;

  private final Class<T> type;

  /** Made on first use: serializers are shipped to the task managers as Java objects. */
  private transient volatile SerializedMemo memo;

  public MemoizingSmileSerializer(Class<T> type) {
    this.type = Objects.requireNonNull(type);
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    SerializedMemo m = memo();
    byte[] bytes = m.get(record);
    if (bytes == null) {
      bytes = EventJson.smile().writeValueAsBytes(record);
      m.put(record, bytes);
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
          memo = new SerializedMemo(BUDGET_BYTES);
        }
        m = memo;
      }
    }
    return m;
  }

  long memoHits() {
    return memo().hits();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemoizingSmileSerializer<?> other && other.type.equals(type);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + 1;
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new SmileSerializerSnapshot<>(type);
  }
}
