package io.fleetstream.deploy.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.deploy.synthetic.SyntheticArea;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import org.junit.jupiter.api.Test;

/** {@code bench events}' job events: Monaco's points as before, or inside another map's bounds. */
class EventStreamBenchmarkTest {

  @Test
  void inMonacoTheJobsAreWhereTheyAlwaysWere() {
    for (long seq = 0; seq < 200; seq++) {
      assertThat(location(SyntheticArea.MONACO, seq))
          .isEqualTo(GeoPoint.of(43.73 + (seq % 50) * 0.0001, 7.42));
    }
  }

  @Test
  void onAnotherMapTheJobsAreInsideItsBounds() {
    double[] bounds = {-34.62, -58.45, -34.61, -58.43};
    SyntheticArea area = SyntheticArea.within(bounds);
    for (long seq = 0; seq < 200; seq++) {
      GeoPoint p = location(area, seq);
      assertThat(p.lat()).isBetween(bounds[0], bounds[2]);
      assertThat(p.lng()).isBetween(bounds[1], bounds[3]);
    }
  }

  private static GeoPoint location(SyntheticArea area, long seq) {
    return ((JobData) EventStreamBenchmark.event(area, seq, "acct_1", 0).data()).location();
  }
}
