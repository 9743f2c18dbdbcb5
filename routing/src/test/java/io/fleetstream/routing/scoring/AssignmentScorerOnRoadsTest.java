package io.fleetstream.routing.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.matrix.Metric;
import io.fleetstream.routing.matrix.SparseMatrixProvider;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.MonacoFixture;
import io.fleetstream.routing.road.RoadNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live dispatch scores every decision on the road network by asking it only for the cells scoring
 * reads; the decision must come out exactly as it would on the full road matrix.
 */
class AssignmentScorerOnRoadsTest {

  @Test
  void scoringOnTheRoadNetworkRanksExactlyAsTheFullRoadMatrixDoes() {
    RoadNetwork net = MonacoFixture.network();
    AssignmentScorer sparse = AssignmentScorer.builder().matrices(net).build();
    AssignmentScorer full =
        AssignmentScorer.builder().matrices(points -> net.matrix(points)).build();
    int feasible = 0;
    int infeasible = 0;
    int insertedMidRoute = 0;
    int pairsPlaced = 0;

    for (long seed = 0; seed < 12; seed++) {
      MonacoDecisions.Decision d = MonacoDecisions.random(seed, 8, 0, 12);

      AssignmentRanking expected = full.score(d.job(), d.candidates(), d.routeJobs());
      AssignmentRanking actual = sparse.score(d.job(), d.candidates(), d.routeJobs());

      assertThat(actual).as("seed %d", seed).isEqualTo(expected);
      for (CandidateScore s : expected.ranked()) {
        if (!s.feasible()) {
          infeasible++;
          continue;
        }
        feasible++;
        if (s.insertion().position() > 0) insertedMidRoute++;
        if (s.insertion().dropoffPosition() >= 0) pairsPlaced++;
      }
    }
    // the instances exercise what they claim to: insertions inside routes, pairs, and refusals
    assertThat(feasible).isGreaterThan(20);
    assertThat(insertedMidRoute).isGreaterThan(5);
    assertThat(pairsPlaced).isGreaterThan(5);
    assertThat(infeasible).isGreaterThan(0);
  }

  @Test
  void scoringReadsNoCellBeyondTheOnesItAsksFor() {
    RoadNetwork net = MonacoFixture.network();
    HaversineMatrix straight = new HaversineMatrix(1.3, 30);
    for (MatrixProvider provider :
        List.<MatrixProvider>of(points -> net.matrix(points), straight)) {
      AssignmentScorer honest = AssignmentScorer.builder().matrices(provider).build();
      AssignmentScorer poisoned =
          AssignmentScorer.builder().matrices(new Poisoned(provider)).build();
      for (long seed = 20; seed < 26; seed++) {
        MonacoDecisions.Decision d = MonacoDecisions.random(seed, 8, 0, 12);

        assertThat(poisoned.score(d.job(), d.candidates(), d.routeJobs()))
            .as("seed %d", seed)
            .isEqualTo(honest.score(d.job(), d.candidates(), d.routeJobs()));
      }
    }
  }

  @Test
  void aDriverStartingOutsideTheMapIsMeasuredByGreatCircleOnBothPaths() {
    RoadNetwork net = MonacoFixture.network();
    MonacoDecisions.Decision d = MonacoDecisions.random(5, 8, 2, 6);
    assertThat(d.candidates().get(7).driver().start()).isEqualTo(MonacoDecisions.NICE);

    AssignmentRanking sparse =
        AssignmentScorer.builder()
            .matrices(net)
            .build()
            .score(d.job(), d.candidates(), d.routeJobs());
    AssignmentRanking full =
        AssignmentScorer.builder()
            .matrices(points -> net.matrix(points))
            .build()
            .score(d.job(), d.candidates(), d.routeJobs());

    assertThat(sparse).isEqualTo(full);
    CandidateScore fromNice =
        sparse.ranked().stream().filter(s -> s.driverId().equals("d7")).findFirst().orElseThrow();
    assertThat(fromNice.feasible()).isTrue();
    // ~17 km out of Nice at 30 km/h: the haversine leg, not a road one, decides its arrival
    assertThat(fromNice.insertion().arrival()).isGreaterThan(1800);
  }

  /**
   * Answers a sparse request with the full matrix of {@code full}, every cell not asked for set to
   * NaN: a scorer that read one would no longer match the scorer on the full matrix.
   */
  private record Poisoned(MatrixProvider full) implements SparseMatrixProvider {

    @Override
    public TravelMatrix matrix(List<Location> points) {
      return full.matrix(points);
    }

    @Override
    public TravelMatrix matrix(List<Location> points, MatrixCells cells) {
      TravelMatrix m = full.matrix(points);
      int n = points.size();
      double[] seconds = new double[n * n];
      double[] metres = new double[n * n];
      Metric[] metric = new Metric[n];
      for (int i = 0; i < n; i++) {
        metric[i] = m.pointMetric(i);
        for (int j = 0; j < n; j++) {
          boolean asked = cells.contains(i, j);
          seconds[i * n + j] = asked ? m.seconds(i, j) : Double.NaN;
          metres[i * n + j] = asked ? m.metres(i, j) : Double.NaN;
        }
      }
      return new TravelMatrix(points, seconds, metres, metric);
    }
  }
}
