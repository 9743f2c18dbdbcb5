package io.fleetstream.jobs.internal.serde;

import io.fleetstream.connectors.flink.OpaqueTypeInfo;
import io.fleetstream.schemas.CloudEvent;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for {@link CloudEvent}s moving between operators (see {@link
 * CloudEventSerializer}).
 */
public final class CloudEventTypeInfo extends OpaqueTypeInfo<CloudEvent> {

  private static final long serialVersionUID = 1L;

  public static final CloudEventTypeInfo INSTANCE = new CloudEventTypeInfo();

  @Override
  public Class<CloudEvent> getTypeClass() {
    return CloudEvent.class;
  }

  @Override
  public TypeSerializer<CloudEvent> createSerializer(SerializerConfig config) {
    return CloudEventSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "CloudEvent";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloudEventTypeInfo;
  }

  @Override
  public int hashCode() {
    return CloudEventTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof CloudEventTypeInfo;
  }
}
