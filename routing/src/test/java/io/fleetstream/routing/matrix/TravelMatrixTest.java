package io.fleetstream.routing.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.routing.model.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

class TravelMatrixTest {

  private static final Location A = new Location(43.70, 7.40);
  private static final Location B = new Location(43.72, 7.42);
  private static final Location C = new Location(43.75, 7.46);

  @Test
  void aRestrictedMatrixKeepsTheLegsBetweenTheChosenPointsInTheirNewOrder() {
    TravelMatrix whole =
        TravelMatrix.of(
            List.of(A, B, C),
            (p, q) -> Math.abs(p.lat() - q.lat()) * 1e5 + Math.abs(p.lng() - q.lng()) * 1e4,
            10,
            Metric.HAVERSINE);

    TravelMatrix sub = whole.restrictedTo(List.of(C, A));

    assertThat(sub.points()).containsExactly(C, A);
    assertThat(sub.indexOf(C)).isZero();
    assertThat(sub.indexOf(B)).isEqualTo(-1);
    assertThat(sub.metres(0, 1)).isEqualTo(whole.metres(2, 0)).isPositive();
    assertThat(sub.seconds(1, 0)).isEqualTo(whole.seconds(0, 2));
    assertThat(sub.metres(0, 0)).isZero();
    assertThat(sub.pointMetric(1)).isEqualTo(Metric.HAVERSINE);
  }

  @Test
  void aPointOutsideTheMatrixIsRefusedByName() {
    TravelMatrix whole = TravelMatrix.of(List.of(A, B), (p, q) -> 1, 1, Metric.HAVERSINE);

    assertThatThrownBy(() -> whole.restrictedTo(List.of(A, C)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the matrix");
  }
}
