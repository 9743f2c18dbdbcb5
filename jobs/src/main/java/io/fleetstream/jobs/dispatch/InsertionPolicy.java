package io.fleetstream.jobs.dispatch;

import io.fleetstream.jobs.dispatch.EligibleDrivers.Near;
import io.fleetstream.jobs.optimize.ProblemMapper;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.road.RoadNetwork;
import io.fleetstream.routing.scoring.AssignmentScorer;
import io.fleetstream.routing.scoring.Candidate;
import io.fleetstream.routing.scoring.CandidateScore;
import io.fleetstream.routing.scoring.ScoringWeights;
import io.fleetstream.schemas.events.AuditCandidate;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.ScoringWeightsData;
import io.fleetstream.schemas.state.DriverState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weights version 2: a new job goes where it fits best in a driver's current route, scored by the
 * routing module's {@link AssignmentScorer} — the cheapest feasible insertion position (time
 * windows, shift and the stops already on the route all respected), a 0–100 score and its reason.
 *
 * <p>Drivers are tried nearest first, {@value #SHORTLIST} at a time, until one can take the job
 * feasibly or {@value #MAX_SCORED} have been tried; a job nobody can fit waits with the reason that
 * blocked most of them ({@code TIME_WINDOW}, {@code SHIFT}, ...). Each candidate is scored with the
 * service time learned for that driver. The clock starts now and drivers leave from their start
 * last known position (sampled from their telemetry), else from their start location. A job in
 * progress is counted from its start, and a job on the route whose windows are all over no longer
 * constrains the route: it is late anyway, and a new job must not be refused for it.
 */
public final class InsertionPolicy {

  /** The built-in weights ({@link ScoringWeights#V1}); an account's learned ones are 3 and up. */
  public static final int WEIGHTS_VERSION = 2;

  /** Drivers scored per round, nearest first. */
  static final int SHORTLIST = 8;

  /** Drivers scored at most for one job. */
  static final int MAX_SCORED = 32;

  /** Rating of a driver without a track record (the scorer's neutral prior). */
  private final AssignmentScorer scorer;

  private final MatrixProvider matrices;
  private final String metric;

  /** The version decisions name: {@link #WEIGHTS_VERSION}, or an account's learned weights. */
  private final int weightsVersion;

  /**
   * @param metric what the matrices measure, as decisions report it: {@code haversine} or {@code
   *     road}
   */
  public InsertionPolicy(MatrixProvider matrices, String metric) {
    this(matrices, metric, ScoringWeights.V1, WEIGHTS_VERSION);
  }

  private InsertionPolicy(
      MatrixProvider matrices, String metric, ScoringWeights weights, int weightsVersion) {
    this.scorer = AssignmentScorer.builder().matrices(matrices).weights(weights).build();
    this.matrices = matrices;
    this.metric = metric;
    this.weightsVersion = weightsVersion;
  }

  /**
   * The same policy scoring with an account's own weights: same matrices, same rules, only the
   * score's weighting and the version decisions name differ.
   */
  public InsertionPolicy withWeights(ScoringWeightsData learned) {
    return new InsertionPolicy(
        matrices,
        metric,
        new ScoringWeights(
            "learned-v" + learned.version(),
            learned.distance(),
            learned.availability(),
            learned.performance(),
            learned.punctuality(),
            learned.priority(),
            ScoringWeights.V1.distanceHalfLifeMinutes(),
            ScoringWeights.V1.slackHalfLifeMinutes()),
        learned.version());
  }

  /** The version of the weights this policy scores with. */
  public int weightsVersion() {
    return weightsVersion;
  }

  /**
   * Straight lines × 1.3 at 30 km/h: the routing module's default, for jobs without a road network.
   */
  public static InsertionPolicy straightLine() {
    return new InsertionPolicy(new HaversineMatrix(1.3, 30), "haversine");
  }

  /**
   * On the road network: a decision asks it only for the legs scoring reads (the job's row and
   * column, one search each, and the candidates' route legs, mostly cached from earlier decisions).
   * A job off the map is decided on great circle × detour, and its decision says {@code haversine}.
   */
  public static InsertionPolicy onRoads(RoadNetwork network) {
    return new InsertionPolicy(network, "road");
  }

  /** Decides {@code job} in {@code zone} at {@code now}, never choosing {@code excluded}. */
  Decision decide(
      JobData job, ZoneState zone, Instant now, Set<String> excluded, ServiceTimes serviceTimes) {
    return decide(job, zone, zone.driverColumns(), now, excluded, serviceTimes);
  }

  /**
   * Decides {@code job} among {@code candidates} (drivers of {@code zone}) only: a waiting job
   * retried on the one driver who gained room need not look at the zone's thousands of others.
   */
  Decision decideAmong(
      JobData job,
      ZoneState zone,
      Collection<DriverState> candidates,
      Instant now,
      ServiceTimes serviceTimes) {
    return decide(job, zone, DriverColumns.of(candidates), now, Set.of(), serviceTimes);
  }

  private Decision decide(
      JobData job,
      ZoneState zone,
      DriverColumns drivers,
      Instant now,
      Set<String> excluded,
      ServiceTimes serviceTimes) {
    String metric = metricFor(job.location());
    EligibleDrivers.Eligibility eligible =
        EligibleDrivers.scan(job, drivers, now, excluded, true, MAX_SCORED);
    if (eligible.reason() != null) {
      return Decision.unassigned(eligible.reason(), eligible.inZone(), eligible.evaluated())
          .by(weightsVersion, metric);
    }
    if (!job.timeWindows().isEmpty()
        && job.timeWindows().stream().allMatch(w -> !w.end().toInstant().isAfter(now))) {
      return Decision.unassigned("TIME_WINDOW", eligible.inZone(), eligible.evaluated())
          .by(weightsVersion, metric);
    }
    List<Near> nearestFirst = eligible.nearest();
    List<ScoredDriver> scored = new ArrayList<>();
    boolean placed = false;
    for (int from = 0; from < nearestFirst.size() && !placed; from += SHORTLIST) {
      for (ScoredDriver one :
          scoreRound(
              job,
              nearestFirst.subList(from, Math.min(nearestFirst.size(), from + SHORTLIST)),
              zone,
              now,
              serviceTimes)) {
        scored.add(one);
        placed |= one.score().feasible();
      }
    }
    scored.sort(
        Comparator.comparing((ScoredDriver s) -> !s.score().feasible())
            .thenComparing(
                Comparator.comparingDouble((ScoredDriver s) -> s.score().score()).reversed())
            .thenComparingDouble(ScoredDriver::distanceM)
            .thenComparing(s -> s.driver().driver().driverId()));
    List<AuditCandidate> evaluated = ScoredDriver.evaluated(scored, eligible.evaluated());
    ScoredDriver best = scored.get(0);
    if (!best.score().feasible()) {
      return Decision.unassigned(ScoredDriver.dominantReason(scored), eligible.inZone(), evaluated)
          .by(weightsVersion, metric);
    }
    CandidateScore s = best.score();
    return new Decision(
        best.driver().driver().driverId(),
        1,
        s.score(),
        ScoredDriver.reason(s.reason()),
        best.distanceM(),
        null,
        eligible.inZone(),
        evaluated,
        best.service(),
        weightsVersion,
        metric,
        s.insertion().position(),
        s.insertion().dropoffPosition() < 0 ? null : s.insertion().dropoffPosition());
  }

  /**
   * The driver's open jobs that leaving {@code from} at {@code at} reaches after their last window
   * ends (see {@link LateJobs}).
   */
  Set<String> lateJobs(
      DriverState d, GeoPoint from, Instant at, ZoneState zone, ServiceTimes serviceTimes) {
    return LateJobs.of(matrices, d, from, at, zone, serviceTimes);
  }

  /**
   * True when no driver can reach {@code p}: it is on the map, off every road. A job there waits as
   * {@code UNREACHABLE} whoever is asked, so a driver who gains room need not be scored for it.
   */
  boolean unreachableByAnyone(GeoPoint p) {
    return matrices instanceof RoadNetwork network && network.offRoad(LiveCandidates.location(p));
  }

  private String metricFor(GeoPoint p) {
    return matrices instanceof RoadNetwork network && !network.covers(LiveCandidates.location(p))
        ? "haversine"
        : metric;
  }

  /**
   * Scores a round of drivers. Those for whom the job takes the same service time (all of them,
   * unless the duration model knows some drivers apart) are scored in one call, so the job's own
   * legs are measured once per round, not once per driver.
   */
  private List<ScoredDriver> scoreRound(
      JobData job, List<Near> round, ZoneState zone, Instant now, ServiceTimes serviceTimes) {
    Map<Double, List<Near>> byService = new LinkedHashMap<>();
    Map<String, ServiceTimes.Estimate> services = new HashMap<>();
    for (Near near : round) {
      ServiceTimes.Estimate service = serviceTimes.estimate(job, near.driver().driver().driverId());
      services.put(near.driver().driver().driverId(), service);
      byService.computeIfAbsent(service.minutes(), k -> new ArrayList<>()).add(near);
    }
    List<ScoredDriver> out = new ArrayList<>();
    for (Map.Entry<Double, List<Near>> group : byService.entrySet()) {
      List<Candidate> candidates = new ArrayList<>();
      List<Job> routeJobs = new ArrayList<>();
      group
          .getValue()
          .forEach(
              near ->
                  candidates.add(
                      LiveCandidates.candidate(near.driver(), zone, now, serviceTimes, routeJobs)));
      // A job whose windows are all over never gets here (decide refuses it first).
      Map<String, CandidateScore> byDriver = new HashMap<>();
      scorer
          .score(ProblemMapper.live(job, group.getKey(), now, true), candidates, routeJobs)
          .ranked()
          .forEach(score -> byDriver.put(score.driverId(), score));
      for (Near near : group.getValue()) {
        String driverId = near.driver().driver().driverId();
        out.add(
            new ScoredDriver(
                near.driver(), byDriver.get(driverId), services.get(driverId), near.distanceM()));
      }
    }
    return out;
  }
}
