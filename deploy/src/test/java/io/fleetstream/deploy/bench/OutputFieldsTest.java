package io.fleetstream.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputFieldsTest {

  @Test
  void theScanFindsWhatTheParserFindsInDriverStatesAsTheJobWritesThem() throws Exception {
    Random random = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      Instant ping = Instant.ofEpochMilli(1_795_000_000_000L + random.nextInt(1_000_000_000));
      String driver = "drv_" + random.nextInt(100_000);
      DriverStateData data =
          new DriverStateData(
              driver,
              random.nextBoolean() ? "online" : "offline",
              43.7 + random.nextDouble() / 10,
              7.4 + random.nextDouble() / 10,
              random.nextBoolean() ? null : 8.5,
              random.nextBoolean() ? null : 90.0,
              ping,
              random.nextInt(3),
              random.nextBoolean() ? null : "job_" + i,
              ping.plusMillis(7));
      byte[] json =
          EventJson.toBytes(
              new CloudEvent(
                  "1.0",
                  "evt_" + i,
                  "/fleetstream/dispatch-job",
                  EventType.DRIVER_STATE_UPDATED.type(),
                  driver,
                  ping,
                  CloudEvent.CONTENT_TYPE,
                  "acct_bench",
                  driver,
                  data));

      OutputFields scanned = OutputFields.ofDriverState(json);
      OutputFields parsed = OutputFields.of(json);

      assertThat(scanned.driverId).isEqualTo(parsed.driverId).isEqualTo(driver);
      assertThat(scanned.lastPingAt).isEqualTo(parsed.lastPingAt).isEqualTo(ping.toString());
    }
  }

  @Test
  void anEscapedValueIsLeftToTheParser() throws Exception {
    byte[] json =
        "{\"id\":\"e1\",\"data\":{\"driver_id\":\"drv_\\u0031\",\"last_ping_at\":\"2026-11-23T20:00:00Z\"}}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(OutputFields.ofDriverState(json).driverId).isEqualTo("drv_1");
  }
}
