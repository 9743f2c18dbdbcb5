package io.fleetstream.routing.scoring;

import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixCells;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.matrix.SparseMatrixProvider;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.solver.internal.InsertionSearch;
import io.fleetstream.routing.solver.internal.RouteSimulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores one job against every candidate driver, 0–100 with a reason breakdown, and finds the
 * cheapest feasible insertion position in each driver's current route (by simulation on the travel
 * matrix: time windows, shift, capacity, max stops and locked stops are all respected).
 *
 * <pre>{@code
 * AssignmentRanking r = AssignmentScorer.builder().matrices(roadNetwork).build()
 *         .score(job, candidates, jobsOnTheirRoutes);
 * }</pre>
 */
public final class AssignmentScorer {

  /** Shift length assumed for availability when a driver's shift is open-ended. */
  private static final double REFERENCE_SHIFT_SECONDS = 8 * 3600;

  /** What a metre driven weighs against a second: only enough to break ties. */
  private static final double TIE_SECONDS_PER_METRE = 1e-4;

  private final ScoringWeights weights;
  private final MatrixProvider matrices;

  private AssignmentScorer(Builder b) {
    this.weights = b.weights;
    this.matrices = b.matrices;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param job the job to place
   * @param candidates drivers with their current routes
   * @param routeJobs the jobs those routes refer to
   */
  public AssignmentRanking score(Job job, List<Candidate> candidates, List<Job> routeJobs) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    for (Job j : routeJobs) jobs.put(j.id(), j);
    jobs.put(job.id(), job);
    List<Location> points = locations(job, candidates, jobs);
    TravelMatrix matrix =
        matrices instanceof SparseMatrixProvider sparse
            ? sparse.matrix(points, cellsRead(job, candidates, jobs, points))
            : matrices.matrix(points);
    RouteSimulator simulator = new RouteSimulator(jobs, matrix);
    InsertionSearch insertions = new InsertionSearch(simulator);
    List<CandidateScore> scores = new ArrayList<>();
    for (Candidate c : candidates) {
      scores.add(scoreOne(job, c, simulator, insertions));
    }
    scores.sort(
        Comparator.comparing(CandidateScore::feasible)
            .reversed()
            .thenComparing(Comparator.comparingDouble(CandidateScore::score).reversed())
            .thenComparing(CandidateScore::driverId));
    List<CandidateScore> ranked = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) ranked.add(scores.get(i).withRank(i + 1));
    return new AssignmentRanking(job.id(), weights.version(), ranked);
  }

  private CandidateScore scoreOne(
      Job job, Candidate c, RouteSimulator simulator, InsertionSearch insertions) {
    Driver d = c.driver();
    double priority = (11 - job.priority()) / 10.0;
    if (!d.hasSkills(job.requiredSkills())) {
      return infeasible(
          d, ReasonCode.SKILL, new ScoreReason(0, 0, priority, c.performance(), 0, 0, 1));
    }
    RouteSimulator.Simulation before = simulator.run(d, c.route());
    // Duration, then metres (0.1 s per km): when waiting for a window absorbs a detour, every place
    // lasts as long, and the first one tried (say a pickup before the whole route) would win.
    InsertionSearch.Attempt attempt =
        insertions.tryInsert(
            job,
            d,
            c.route(),
            c.lockedStops(),
            s -> s.route().duration() + s.route().distance() * TIE_SECONDS_PER_METRE);
    if (attempt.best() == null) {
      ReasonCode why =
          attempt.dominantFailure() != null ? attempt.dominantFailure() : ReasonCode.TIME_WINDOW;
      return infeasible(d, why, new ScoreReason(1, 0, priority, c.performance(), 0, 0, 1));
    }
    InsertionSearch.Insertion best = attempt.best();
    var after = best.simulation().route();
    double baseDuration = c.route().isEmpty() ? 0 : before.route().duration();
    double baseMetres = c.route().isEmpty() ? 0 : before.route().distance();
    double addedSeconds = after.duration() - baseDuration;
    double addedMetres = after.distance() - baseMetres;
    double service =
        job.stop().serviceSeconds() + (job.isPair() ? job.pickup().serviceSeconds() : 0);
    double detourMinutes = Math.max(0, addedSeconds - service) / 60;
    double distanceScore = Math.pow(0.5, detourMinutes / weights.distanceHalfLifeMinutes());
    double shift = d.shift().end() - d.shift().start();
    double shiftLength = shift < 1e9 ? shift : REFERENCE_SHIFT_SECONDS;
    double availability = clamp(1 - after.duration() / shiftLength);
    double delayRisk = delayRisk(after.stops(), best.position(), simulator, d, after.end());
    double score =
        100
            * (weights.distance() * distanceScore
                + weights.availability() * availability
                + weights.performance() * c.performance()
                + weights.punctuality() * (1 - delayRisk)
                + weights.priority() * priority)
            / weights.total();
    RouteStop at = after.stops().get(best.position());
    ScoreReason reason =
        new ScoreReason(
            1,
            round(distanceScore),
            priority,
            c.performance(),
            round(availability),
            round(addedSeconds / 60),
            round(delayRisk));
    InsertionPoint point =
        new InsertionPoint(
            best.position(), best.dropoffPosition(), at.arrival(), addedSeconds, addedMetres);
    return new CandidateScore(d.id(), 0, round(score), true, reason, point, null);
  }

  /** Risk from the tightest slack (window end or shift end minus service start) from the job on. */
  private double delayRisk(
      List<RouteStop> stops, int from, RouteSimulator simulator, Driver d, double end) {
    double slack = d.shift().end() < 1e12 ? d.shift().end() - end : Double.POSITIVE_INFINITY;
    for (int k = from; k < stops.size(); k++) {
      RouteStop s = stops.get(k);
      TimeWindow w =
          RouteSimulator.firstOpenWindow(simulator.job(s.jobId()).stopOf(s.type()), s.arrival());
      if (w != null && w.end() < 1e12) slack = Math.min(slack, w.end() - s.serviceStart());
    }
    if (Double.isInfinite(slack)) return 0;
    return clamp(Math.pow(0.5, Math.max(0, slack) / 60 / weights.slackHalfLifeMinutes()));
  }

  private static CandidateScore infeasible(Driver d, ReasonCode why, ScoreReason reason) {
    return new CandidateScore(d.id(), 0, 0, false, reason, null, why);
  }

  private static List<Location> locations(
      Job job, List<Candidate> candidates, Map<String, Job> jobs) {
    LinkedHashSet<Location> set = new LinkedHashSet<>();
    for (Candidate c : candidates) {
      set.add(c.driver().start());
      if (c.driver().end() != null) set.add(c.driver().end());
      for (StopRef r : c.route()) {
        Job j = jobs.get(r.jobId());
        if (j == null)
          throw new IllegalArgumentException(
              "route of " + c.driver().id() + " names unknown job " + r.jobId());
        set.add(j.stopOf(r.type()).location());
      }
    }
    if (job.isPair()) set.add(job.pickup().location());
    set.add(job.stop().location());
    return new ArrayList<>(set);
  }

  /**
   * Every cell scoring reads. Inserting the job into a route only ever replaces one leg by legs to
   * and from the job's stops, so the simulations read the job points' rows and columns plus each
   * route's own consecutive legs (start, stops, end; start to end for an empty route that returns).
   * Drivers without the skills are never simulated.
   */
  static MatrixCells cellsRead(
      Job job, List<Candidate> candidates, Map<String, Job> jobs, List<Location> points) {
    Map<Location, Integer> index = new HashMap<>(points.size() * 2);
    for (int i = 0; i < points.size(); i++) index.putIfAbsent(points.get(i), i);
    MatrixCells.Builder cells =
        MatrixCells.builder().rowAndColumn(index.get(job.stop().location()));
    if (job.isPair()) cells.rowAndColumn(index.get(job.pickup().location()));
    for (Candidate c : candidates) {
      Driver d = c.driver();
      if (!d.hasSkills(job.requiredSkills())) continue;
      int prev = index.get(d.start());
      for (StopRef r : c.route()) {
        int at = index.get(jobs.get(r.jobId()).stopOf(r.type()).location());
        cells.leg(prev, at);
        prev = at;
      }
      if (d.returnsToEnd()) cells.leg(prev, index.get(d.end()));
    }
    return cells.build();
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Fluent configuration of an {@link AssignmentScorer}. */
  public static final class Builder {
    private ScoringWeights weights = ScoringWeights.V1;
    private MatrixProvider matrices = new HaversineMatrix(1.3, 30);

    private Builder() {}

    public Builder weights(ScoringWeights w) {
      this.weights = Objects.requireNonNull(w);
      return this;
    }

    /**
     * Travel times (default: great circle × 1.3 at 30 km/h; pass a RoadNetwork for roads). A {@link
     * SparseMatrixProvider} is asked only for the cells scoring reads.
     */
    public Builder matrices(MatrixProvider m) {
      this.matrices = Objects.requireNonNull(m);
      return this;
    }

    public AssignmentScorer build() {
      return new AssignmentScorer(this);
    }
  }
}
