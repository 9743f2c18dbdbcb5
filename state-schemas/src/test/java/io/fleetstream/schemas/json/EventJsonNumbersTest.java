package io.fleetstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.events.GeoPoint;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast double writer and parser round-trip every coordinate exactly, as {@code Double.toString}
 * and {@code Double.parseDouble} did: a consumer must read the position the job wrote.
 */
class EventJsonNumbersTest {

  @Test
  void coordinatesAndOddDoublesComeBackBitForBit() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      double lat = random.nextDouble(-90, 90);
      double lng = random.nextDouble(-180, 180) * Math.pow(10, -random.nextInt(12));
      GeoPoint back =
          EventJson.mapper().readValue(EventJson.toBytes(GeoPoint.of(lat, lng)), GeoPoint.class);
      assertThat(back.lat()).isEqualTo(lat);
      assertThat(Double.doubleToRawLongBits(back.lng())).isEqualTo(Double.doubleToRawLongBits(lng));
    }
    for (double odd : new double[] {2.0e23, 1.0e-5, 4.9e-324, Double.MAX_VALUE, -0.0, 5e-3}) {
      String json = EventJson.toJson(GeoPoint.of(0, odd));
      assertThat(EventJson.mapper().readValue(json, GeoPoint.class).lng()).isEqualTo(odd);
    }
  }
}
