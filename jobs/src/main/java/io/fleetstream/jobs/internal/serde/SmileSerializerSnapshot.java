package io.fleetstream.jobs.internal.serde;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a savepoint remembers about a {@link SmileSerializer}: the record class. Smile documents
 * name their fields, so a changed record reads old state as long as Jackson can bind it; the
 * golden-file tests in state-schemas keep that promise honest.
 */
public final class SmileSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

  private static final int VERSION = 1;

  private Class<T> type;

  /** For Flink, which instantiates snapshots reflectively before {@link #readSnapshot}. */
  public SmileSerializerSnapshot() {}

  SmileSerializerSnapshot(Class<T> type) {
    this.type = type;
  }

  @Override
  public int getCurrentVersion() {
    return VERSION;
  }

  @Override
  public void writeSnapshot(DataOutputView out) throws IOException {
    out.writeUTF(type.getName());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
      throws IOException {
    String name = in.readUTF();
    try {
      type = (Class<T>) Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new IOException("state holds " + name + ", which this version no longer has", e);
    }
  }

  @Override
  public TypeSerializer<T> restoreSerializer() {
    return new SmileSerializer<>(type);
  }

  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> oldSnapshot) {
    if (oldSnapshot instanceof SmileSerializerSnapshot<T> old
        && old.type.getName().equals(type.getName())) {
      return TypeSerializerSchemaCompatibility.compatibleAsIs();
    }
    return TypeSerializerSchemaCompatibility.incompatible();
  }
}
