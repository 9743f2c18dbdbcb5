package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.GeoPoint;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tracker's streaming writer must write exactly what data binding writes. */
class TrackerEventWriterTest {

  private static final String[] TEXT = {
    "drv_1", "job_é", "tab\there", "quote\"back\\slash", "\u0001ctl", "日本", "😀", ""
  };

  private final SplittableRandom random = new SplittableRandom(11);

  @Test
  void driverStateEventsAreWrittenAsDataBindingWritesThem() throws Exception {
    for (int i = 0; i < 20_000; i++) {
      DriverStateData data =
          new DriverStateData(
              text(),
              maybe(text()),
              coordinate(90),
              coordinate(180),
              maybe(number()),
              maybe(number()),
              maybe(instant()),
              random.nextLong(),
              maybe(text()),
              maybe(instant()));
      assertSameBytes(event(EventType.DRIVER_STATE_UPDATED, data));
    }
  }

  @Test
  void etaEventsAreWrittenAsDataBindingWritesThem() throws Exception {
    for (int i = 0; i < 20_000; i++) {
      EtaData data =
          new EtaData(
              maybe(text()),
              maybe(text()),
              random.nextInt(),
              maybe(instant()),
              maybe(instant()),
              maybe(instant()),
              number(),
              maybe(text()),
              maybe(instant()),
              maybe(instant()));
      assertSameBytes(event(EventType.ETA_UPDATED, data));
    }
  }

  @Test
  void plainEventsAreWrittenHereAndOnlyNonFiniteNumbersOrSurrogatesGoToDataBinding()
      throws Exception {
    Instant at = Instant.parse("2026-12-06T08:00:00.250Z");
    DriverStateData plain =
        new DriverStateData("drv_7", "online", 43.7, 7.4, 8.5, 90.0, at, 0, "job_é\t", at);
    CloudEvent event = envelope(plain);
    assertThat(TrackerEventWriter.write(event))
        .isEqualTo(EventJson.mapper().writeValueAsBytes(event));

    DriverStateData infinite =
        new DriverStateData(
            "drv_7", "online", 43.7, 7.4, Double.POSITIVE_INFINITY, null, at, 0, null, at);
    DriverStateData emoji =
        new DriverStateData("drv_😀", "online", 43.7, 7.4, null, null, at, 0, null, at);
    for (DriverStateData declined : new DriverStateData[] {infinite, emoji}) {
      CloudEvent e = envelope(declined);
      assertThat(TrackerEventWriter.write(e)).isNull();
      assertSameBytes(e);
    }
  }

  private static CloudEvent envelope(DriverStateData data) {
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        "evt_1",
        "/fleetstream/dispatch-job",
        EventType.DRIVER_STATE_UPDATED.type(),
        data.driverId(),
        data.updatedAt(),
        CloudEvent.CONTENT_TYPE,
        "acct_1",
        data.driverId(),
        data);
  }

  @Test
  void otherEventsStayWithDataBinding() {
    CloudEvent location =
        CloudEvent.create(EventType.TELEMETRY_PING, "/t", "acme", "drv_1", pingData());
    assertThat(TrackerEventWriter.handles(location)).isFalse();
    assertThat(TrackerEventWriter.handles("not an event")).isFalse();
  }

  private static io.fleetstream.schemas.events.TelemetryData pingData() {
    GeoPoint p = GeoPoint.of(43.73, 7.42);
    return new io.fleetstream.schemas.events.TelemetryData(
        "drv_1", p.lat(), p.lng(), null, null, null, Instant.EPOCH);
  }

  private void assertSameBytes(CloudEvent event) throws Exception {
    assertThat(TrackerEventWriter.handles(event)).isTrue();
    String expected = new String(EventJson.mapper().writeValueAsBytes(event), "UTF-8");
    assertThat(new String(EventJson.toBytes(event), "UTF-8")).isEqualTo(expected);
  }

  private CloudEvent event(EventType type, io.fleetstream.schemas.events.EventData data) {
    return new CloudEvent(
        maybe(CloudEvent.SPEC_VERSION),
        maybe(text()),
        maybe(text()),
        type.type(),
        maybe(text()),
        maybe(instant()),
        maybe(CloudEvent.CONTENT_TYPE),
        maybe(text()),
        maybe(text()),
        data);
  }

  private String text() {
    String a = TEXT[random.nextInt(TEXT.length)];
    return random.nextBoolean() ? a : a + random.nextInt(1_000_000);
  }

  private double coordinate(double limit) {
    return switch (random.nextInt(8)) {
      case 0 -> 0.0;
      case 1 -> -0.0;
      case 2 -> Math.round(random.nextDouble(-limit, limit) * 1e5) / 1e5;
      default -> random.nextDouble(-limit, limit);
    };
  }

  private double number() {
    return switch (random.nextInt(10)) {
      case 0 -> Double.MIN_VALUE;
      case 1 -> 1e21;
      case 2 -> Double.NaN;
      case 3 -> Double.POSITIVE_INFINITY;
      case 4 -> Math.round(random.nextDouble(0, 100_000) * 10) / 10.0;
      default -> random.nextDouble(-1e6, 1e6);
    };
  }

  private Instant instant() {
    long seconds =
        switch (random.nextInt(6)) {
          case 0 -> random.nextLong(-1L << 40, 1L << 40); // signed and five-digit years too
          default -> random.nextLong(1_600_000_000L, 1_900_000_000L);
        };
    int nanos =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(1000) * 1_000_000;
          case 2 -> random.nextInt(1_000_000) * 1_000;
          default -> random.nextInt(1_000_000_000);
        };
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private <T> T maybe(T value) {
    return random.nextInt(5) == 0 ? null : value;
  }
}
