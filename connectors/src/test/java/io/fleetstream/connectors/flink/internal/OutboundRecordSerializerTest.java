package io.fleetstream.connectors.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.connectors.kafka.OutboundRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutboundRecordSerializerTest {

  @Test
  void anOutputOfAnOldEventTimeTimerIsNotStampedWithThatTime() {
    OutboundRecord out =
        new OutboundRecord(
            "fleetstream.sla.v1",
            "acct_a/job_1".getBytes(StandardCharsets.UTF_8),
            "{}".getBytes(StandardCharsets.UTF_8));
    // The element timestamp of a timer that fired at a window end long past.
    long monthsAgo = 1_746_748_800_000L;
    ProducerRecord<byte[], byte[]> record =
        new OutboundRecordSerializer().serialize(out, null, monthsAgo);
    // Null: the producer stamps the send time, so time-based retention counts from the write.
    assertThat(record.timestamp()).isNull();
    assertThat(record.topic()).isEqualTo("fleetstream.sla.v1");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acct_a/job_1");
  }
}
