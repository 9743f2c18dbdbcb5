package io.fleetstream.bridge.internal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

  private static final TopicPartition JOBS_0 = new TopicPartition("fleetstream.jobs.v1", 0);
  private static final TopicPartition SLA_1 = new TopicPartition("fleetstream.sla.v1", 1);

  @Test
  void anIdReadsBackAsTheSamePosition() {
    StreamPosition p = StreamPosition.of(Map.of(JOBS_0, 1234567L, SLA_1, 3L));
    String id = p.encode();
    assertThat(id).isEqualTo("1_0.0.qglj_6.1.3");
    StreamPosition back = StreamPosition.decode(id);
    assertThat(back.next(JOBS_0)).isEqualTo(1234567L);
    assertThat(back.next(SLA_1)).isEqualTo(3L);
    assertThat(back).isEqualTo(p);
  }

  @Test
  void partitionsAtTheirStartAreLeftOutAndReadAsZero() {
    StreamPosition p = StreamPosition.of(Map.of(JOBS_0, 0L));
    assertThat(p.encode()).isEqualTo("1");
    assertThat(StreamPosition.decode("1").next(SLA_1)).isZero();
  }

  @Test
  void maxAndAheadComparePartitionByPartition() {
    StreamPosition a = StreamPosition.of(Map.of(JOBS_0, 5L, SLA_1, 1L));
    StreamPosition b = StreamPosition.of(Map.of(JOBS_0, 3L, SLA_1, 9L));
    StreamPosition m = a.max(b);
    assertThat(m.next(JOBS_0)).isEqualTo(5L);
    assertThat(m.next(SLA_1)).isEqualTo(9L);
    assertThat(a.aheadOf(b)).isTrue();
    assertThat(b.aheadOf(a)).isTrue();
    assertThat(a.aheadOf(m)).isFalse();
  }

  @Test
  void idsThisStreamDidNotHandOutAreRefusedWithTheReason() {
    assertThatThrownBy(() -> StreamPosition.decode("2_0.0.1")).hasMessageContaining("start with");
    assertThatThrownBy(() -> StreamPosition.decode("1_7.0.1"))
        .hasMessageContaining("unknown topic");
    assertThatThrownBy(() -> StreamPosition.decode("1_0.0.-1")).hasMessageContaining("malformed");
    assertThatThrownBy(() -> StreamPosition.decode("1_0.0.1_0.0.2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> StreamPosition.decode("1_0.0.zzzzzzzzzzzzz"))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> StreamPosition.decode("1" + "_0.0.1".repeat(2000)))
        .hasMessageContaining("longer");
  }
}
