package io.fleetstream.connectors.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Type information for a value Flink treats as one opaque field (no tuple or POJO access, not a key
 * type): what our serializers have in common (the Kafka records' here, the job's events and state).
 */
public abstract class OpaqueTypeInfo<T> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  @Override
  public final boolean isBasicType() {
    return false;
  }

  @Override
  public final boolean isTupleType() {
    return false;
  }

  @Override
  public final int getArity() {
    return 1;
  }

  @Override
  public final int getTotalFields() {
    return 1;
  }

  @Override
  public final boolean isKeyType() {
    return false;
  }
}
