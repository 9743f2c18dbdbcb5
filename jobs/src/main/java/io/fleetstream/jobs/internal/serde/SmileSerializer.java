package io.fleetstream.jobs.internal.serde;

import io.fleetstream.schemas.json.EventJson;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes immutable records as length-prefixed Jackson Smile documents. Stateless, so one
 * instance may be shared between threads.
 */
public final class SmileSerializer<T> extends ImmutableSerializer<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  public SmileSerializer(Class<T> type) {
    this.type = Objects.requireNonNull(type);
  }

  Class<T> type() {
    return type;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    byte[] bytes = EventJson.smile().writeValueAsBytes(record);
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

  @Override
  public boolean equals(Object o) {
    return o instanceof SmileSerializer<?> other && other.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new SmileSerializerSnapshot<>(type);
  }
}
