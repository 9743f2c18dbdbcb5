package io.fleetstream.routing.scoring;

import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.road.MonacoFixture;
import io.fleetstream.routing.road.RoadNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints how long one {@link AssignmentScorer#score} takes on the Monaco road network for 8
 * candidates × 10 stops: on the full road matrix, and on the sparse one with cold caches (routes
 * never seen), warm (the next decision: same routes, a new job) and hot (the same decision again).
 * Not a test: figures depend on the machine. Run it from the module after {@code verify}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.fleetstream.routing.scoring.SparseScoringTimings
 * </pre>
 */
public final class SparseScoringTimings {

  private static final int ROUNDS = 40;

  private SparseScoringTimings() {}

  public static void main(String[] args) {
    RoadNetwork net = MonacoFixture.network();
    AssignmentScorer sparse = AssignmentScorer.builder().matrices(net).build();
    AssignmentScorer full =
        AssignmentScorer.builder().matrices(points -> net.matrix(points)).build();
    // JIT warm-up on decisions whose points the measured ones never use
    for (long seed = 10_000; seed < 10_150; seed++) {
      MonacoDecisions.Decision d = MonacoDecisions.random(seed, 8, 10, 10);
      full.score(d.job(), d.candidates(), d.routeJobs());
      sparse.score(d.job(), d.candidates(), d.routeJobs());
      sparse.score(nextJob(d, seed).job(), d.candidates(), d.routeJobs());
    }
    double[] fullMs = new double[ROUNDS];
    double[] cold = new double[ROUNDS];
    double[] warm = new double[ROUNDS];
    double[] hot = new double[ROUNDS];
    double[] simulationOnly = new double[ROUNDS];
    int points = 0;
    for (int r = 0; r < ROUNDS; r++) {
      long seed = 20_000 + r;
      MonacoDecisions.Decision d = MonacoDecisions.random(seed, 8, 10, 10);
      MonacoDecisions.Decision next = nextJob(d, seed);
      cold[r] = millis(() -> sparse.score(d.job(), d.candidates(), d.routeJobs()));
      warm[r] = millis(() -> sparse.score(next.job(), next.candidates(), next.routeJobs()));
      hot[r] = millis(() -> sparse.score(next.job(), next.candidates(), next.routeJobs()));
      fullMs[r] = millis(() -> full.score(next.job(), next.candidates(), next.routeJobs()));
      // the scorer's own work: simulations on a matrix computed beforehand
      List<TravelMatrix> held = new ArrayList<>();
      AssignmentScorer precomputed =
          AssignmentScorer.builder().matrices(pts -> held.get(0)).build();
      List<Location> pts = pointsOf(next);
      held.add(net.matrix(pts));
      points = pts.size();
      simulationOnly[r] =
          millis(() -> precomputed.score(next.job(), next.candidates(), next.routeJobs()));
    }
    System.out.printf(
        Locale.ROOT,
        "score() for 8 candidates x 10 stops (%d points), %d decisions, ms median / p90:%n",
        points,
        ROUNDS);
    print("full road matrix", fullMs);
    print("sparse, cold caches", cold);
    print("sparse, warm (next job)", warm);
    print("sparse, hot (same decision)", hot);
    print("simulation only (matrix given)", simulationOnly);
    System.out.printf(Locale.ROOT, "legs cached: %d%n", net.cachedLegs());
    net.close();
  }

  /** The next decision: the same drivers and routes, a new job somewhere else on the map. */
  private static MonacoDecisions.Decision nextJob(MonacoDecisions.Decision d, long seed) {
    Location p = MonacoFixture.snappablePoints(1, seed + 1_000_000).get(0);
    Job job = Job.builder(d.job().id() + "-next").stop(p, 300).demand(1).build();
    return new MonacoDecisions.Decision(job, d.candidates(), d.routeJobs());
  }

  private static List<Location> pointsOf(MonacoDecisions.Decision d) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    for (Job j : d.routeJobs()) jobs.put(j.id(), j);
    jobs.put(d.job().id(), d.job());
    LinkedHashSet<Location> set = new LinkedHashSet<>();
    for (Candidate c : d.candidates()) {
      set.add(c.driver().start());
      if (c.driver().end() != null) set.add(c.driver().end());
      c.route().forEach(r -> set.add(jobs.get(r.jobId()).stopOf(r.type()).location()));
    }
    if (d.job().isPair()) set.add(d.job().pickup().location());
    set.add(d.job().stop().location());
    return new ArrayList<>(set);
  }

  private static double millis(Supplier<AssignmentRanking> run) {
    long t0 = System.nanoTime();
    AssignmentRanking r = run.get();
    double ms = (System.nanoTime() - t0) / 1e6;
    if (r.ranked().isEmpty()) throw new IllegalStateException("no candidates scored");
    return ms;
  }

  private static void print(String label, double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT, "  %-32s %7.2f / %7.2f%n", label, s[s.length / 2], s[(int) (s.length * 0.9)]);
  }
}
