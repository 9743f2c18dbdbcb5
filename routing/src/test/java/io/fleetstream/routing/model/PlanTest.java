package io.fleetstream.routing.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

  private static Route route(String driver, Location... stops) {
    List<RouteStop> s =
        Arrays.stream(stops)
            .map(l -> new RouteStop(driver + l, StopType.SERVICE, l, 0, 0, 0))
            .toList();
    return new Route(driver, 0, s, 0, 0, 0, "euclidean", "");
  }

  @Test
  void boundingBoxOverlapSumsTheSharedAreaOfEveryPairOfRoutes() {
    Route a = route("a", Location.planar(0, 0), Location.planar(10, 10));
    Route b = route("b", Location.planar(5, 5), Location.planar(15, 20));
    Route c = route("c", Location.planar(8, -5), Location.planar(12, 6));
    Route far = route("far", Location.planar(100, 100), Location.planar(110, 110));

    // a∩b: [5,10]×[5,10] = 25; a∩c: [8,10]×[0,6] = 12; b∩c: [8,12]×[5,6] = 4.
    assertThat(new Plan(List.of(a, b, c, far), List.of()).boundingBoxOverlap()).isEqualTo(41.0);
    assertThat(new Plan(List.of(a, far), List.of()).boundingBoxOverlap()).isZero();
    assertThat(new Plan(List.of(a), List.of()).boundingBoxOverlap()).isZero();
  }
}
