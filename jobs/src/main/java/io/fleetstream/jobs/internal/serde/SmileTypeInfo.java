package io.fleetstream.jobs.internal.serde;

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

  public SmileTypeInfo(Class<T> type) {
    this.type = Objects.requireNonNull(type);
  }

  public static <T> SmileTypeInfo<T> of(Class<T> type) {
    return new SmileTypeInfo<>(type);
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new SmileSerializer<>(type);
  }

  @Override
  public String toString() {
    return "Smile<" + type.getSimpleName() + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmileTypeInfo<?> other && other.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof SmileTypeInfo;
  }
}
