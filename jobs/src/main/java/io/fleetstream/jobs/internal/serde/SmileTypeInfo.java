package io.fleetstream.jobs.internal.serde;

import io.fleetstream.connectors.flink.OpaqueTypeInfo;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for Fleetstream's records, serialized with Jackson Smile.
 *
 * <p>Why not Flink's POJO serializer: our records hold lists and a sealed interface, which it would
 * hand to Kryo (slow, and fragile with immutable JDK collections). Jackson already knows these
 * types, writes a self-describing format, and tolerates added or removed fields, which gives state
 * schema evolution for free.
 */
public final class SmileTypeInfo<T> extends OpaqueTypeInfo<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final boolean memoized;

  public SmileTypeInfo(Class<T> type) {
    this(type, false);
  }

  private SmileTypeInfo(Class<T> type, boolean memoized) {
    this.type = Objects.requireNonNull(type);
    this.memoized = memoized;
  }

  public static <T> SmileTypeInfo<T> of(Class<T> type) {
    return new SmileTypeInfo<>(type);
  }

  /**
   * Like {@link #of}, for large values that stay in checkpointed state unchanged over many
   * checkpoints: each is serialized once (see {@link SmileSerializer#memoizing}).
   */
  public static <T> SmileTypeInfo<T> memoized(Class<T> type) {
    return new SmileTypeInfo<>(type, true);
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return memoized ? SmileSerializer.memoizing(type) : new SmileSerializer<>(type);
  }

  @Override
  public String toString() {
    return "Smile<" + type.getSimpleName() + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmileTypeInfo<?> other
        && other.type.equals(type)
        && other.memoized == memoized;
  }

  @Override
  public int hashCode() {
    return type.hashCode() + (memoized ? 1 : 0);
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof SmileTypeInfo;
  }
}
