package io.fleetstream.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.connectors.kafka.OutboundRecord;
import io.fleetstream.connectors.kafka.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Records crossing Flink's network use its fast POJO serializer, never the Kryo fallback. */
class FlinkTypesTest {

  @Test
  void rawAndOutboundRecordsArePojoTypes() {
    assertThat(TypeInformation.of(RawRecord.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(OutboundRecord.class)).isInstanceOf(PojoTypeInfo.class);
  }
}
