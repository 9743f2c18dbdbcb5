package io.fleetstream.routing.solomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VRPTW files in the VRPLIB format (CVRPLIB, PyVRP's instance sets) read as the Solomon files they
 * describe, and a directory of them benchmarked.
 */
class VrplibReaderTest {

  /** Six customers around a depot, two vehicles of 20: the layout of a Gehring–Homberger file. */
  static final String SMALL =
      """
      NAME : RC1_X_1
      TYPE : VRPTW
      DIMENSION : 7
      VEHICLES : 2
      CAPACITY : 20
      SERVICE_TIME : 10
      EDGE_WEIGHT_TYPE : EUC_2D
      NODE_COORD_SECTION
      1 50 50
      2 60 50
      3 70 50
      4 80 50
      5 40 50
      6 30 50
      7 20 50
      DEMAND_SECTION
      1 0
      2 5
      3 5
      4 5
      5 5
      6 5
      7 5
      TIME_WINDOW_SECTION
      1 0 1000
      2 0 200
      3 0 300
      4 0 400
      5 0 200
      6 0 300
      7 100 400
      DEPOT_SECTION
      1
      -1
      EOF
      """;

  @Test
  void readsFleetDepotAndCustomersNumberedAsTheSolutionFilesNumberThem() {
    SolomonInstance i = SolomonReader.parse(SMALL, "RC1_X_1.vrp");

    assertThat(i.name()).isEqualTo("RC1_X_1");
    assertThat(i.family()).isEqualTo("RC1");
    assertThat(i.vehicles()).isEqualTo(2);
    assertThat(i.capacity()).isEqualTo(20);
    assertThat(i.depot()).isEqualTo(new SolomonCustomer(0, 50, 50, 0, 0, 1000, 0));
    assertThat(i.customers()).hasSize(6);
    assertThat(i.customers().get(5)).isEqualTo(new SolomonCustomer(6, 20, 50, 5, 100, 400, 10));
  }

  @Test
  void namesTheLineOrFieldThatIsWrong() {
    assertThatThrownBy(() -> SolomonReader.parse(SMALL.replace("4 80 50", "4 80 x"), "a.vrp"))
        .isInstanceOf(SolomonFormatException.class)
        .hasMessageContaining("a.vrp:12")
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> SolomonReader.parse(SMALL.replace("7 20 50\n", ""), "b.vrp"))
        .isInstanceOf(SolomonFormatException.class)
        .hasMessageContaining("NODE_COORD_SECTION has 6 rows; DIMENSION is 7");
    assertThatThrownBy(() -> SolomonReader.parse(SMALL.replace("TYPE : VRPTW", "TYPE : CVRP"), "c"))
        .isInstanceOf(SolomonFormatException.class)
        .hasMessageContaining("only VRPTW");
    assertThatThrownBy(() -> SolomonReader.parse(SMALL.replace("3 0 300", "3 300 0"), "d.vrp"))
        .isInstanceOf(SolomonFormatException.class)
        .hasMessageContaining("node 3");
  }

  @Test
  void theGehringHomberger1000BestKnownValuesShipWithTheModule() {
    // SINTEF's hierarchical values, not CVRPLIB's distance-only ones (95 vehicles, 53,026.1).
    assertThat(BestKnown.bundledOnly().get("R1_10_1"))
        .contains(new BestKnown.Entry(100, 53380.1787));
  }

  @Test
  void aDirectoryOfVrplibFilesIsBenchmarked(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("RC1_X_1.vrp"), SMALL);
    // The optimum: out and back on each side of the depot, 2 × 60 + 2 × 60.
    Files.writeString(dir.resolve("bks.csv"), "instance,vehicles,distance\nRC1_X_1,2,120.0\n");

    BenchmarkReport report =
        InstanceBenchmark.builder(dir)
            .format(InstanceFormat.SOLOMON)
            .timeLimit(Duration.ofSeconds(1))
            .threads(1)
            .build()
            .run();

    assertThat(report.rows()).hasSize(1);
    BenchmarkRow row = report.rows().get(0);
    assertThat(row.bksVehicles()).isEqualTo(2);
    assertThat(row.ours().vehicles()).isEqualTo(2);
    assertThat(row.ours().gapPercent())
        .isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-6));
  }
}
