package io.fleetstream.routing.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.TimeWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drivers and jobs on a line (x in metres-like units, travel time = distance). */
class AssignmentScorerTest {

  private static final AssignmentScorer SCORER =
      AssignmentScorer.builder().matrices(EuclideanMatrix.unitSpeed()).build();

  private static Driver driver(String id, double x, String... skills) {
    return Driver.builder(id)
        .start(Location.planar(x, 0))
        .shift(0, 10_000)
        .capacity(10)
        .skills(skills)
        .build();
  }

  private static Job job(String id, double x) {
    return Job.builder(id).stop(Location.planar(x, 0), 60).demand(1).build();
  }

  @Test
  void ranksTheNearSkilledDriverFirstAndExplainsEveryScore() {
    Job leak = Job.builder("leak").stop(Location.planar(100, 0), 60).skills("gas").build();
    List<Candidate> candidates =
        List.of(
            Candidate.idle(driver("far", 2000, "gas")),
            Candidate.idle(driver("near", 150, "gas")),
            Candidate.idle(driver("unskilled", 100)));

    AssignmentRanking r = SCORER.score(leak, candidates, List.of());

    assertThat(r.weightsVersion()).isEqualTo(ScoringWeights.V1.version());
    assertThat(r.ranked())
        .extracting(CandidateScore::driverId)
        .containsExactly("near", "far", "unskilled");
    assertThat(r.ranked()).extracting(CandidateScore::rank).containsExactly(1, 2, 3);
    assertThat(r.ranked().get(0).score())
        .isGreaterThan(r.ranked().get(1).score())
        .isLessThanOrEqualTo(100);
    CandidateScore unskilled = r.ranked().get(2);
    assertThat(unskilled.feasible()).isFalse();
    assertThat(unskilled.infeasibleReason()).isEqualTo(ReasonCode.SKILL);
    assertThat(unskilled.reason().skillMatch()).isZero();
    ScoreReason why = r.ranked().get(0).reason();
    assertThat(why.skillMatch()).isEqualTo(1);
    assertThat(why.distanceScore())
        .isBetween(0.0, 1.0)
        .isGreaterThan(r.ranked().get(1).reason().distanceScore());
    assertThat(why.priorityWeight()).isEqualTo(0.9);
    assertThat(why.predictedDurationMinutes())
        .isCloseTo((50 + 60 + 50) / 60.0, within(0.01)); // out, serve, back;
    assertThat(r.best()).map(CandidateScore::driverId).contains("near");
  }

  @Test
  void findsTheCheapestInsertionInTheCurrentRoute() {
    Driver d =
        Driver.builder("d")
            .start(Location.planar(0, 0))
            .openEnd()
            .shift(0, 10_000)
            .capacity(10)
            .build();
    List<Job> onRoute = List.of(job("a", 10), job("b", 30), job("c", 50));
    Candidate c =
        new Candidate(
            d, List.of(StopRef.service("a"), StopRef.service("b"), StopRef.service("c")), 0, 0.9);

    CandidateScore s = SCORER.score(job("new", 40), List.of(c), onRoute).ranked().get(0);

    assertThat(s.feasible()).isTrue();
    assertThat(s.insertion().position()).isEqualTo(2);
    assertThat(s.insertion().addedMetres()).isCloseTo(0, within(1e-9));
    assertThat(s.insertion().addedSeconds()).isCloseTo(60, within(1e-9));
    assertThat(s.reason().distanceScore()).isEqualTo(1.0);
  }

  @Test
  void neverInsertsInFrontOfLockedStops() {
    Driver d =
        Driver.builder("d")
            .start(Location.planar(0, 0))
            .openEnd()
            .shift(0, 10_000)
            .capacity(10)
            .build();
    List<Job> onRoute = List.of(job("a", 100), job("b", 200));
    Candidate c = new Candidate(d, List.of(StopRef.service("a"), StopRef.service("b")), 2, 0.9);

    CandidateScore s = SCORER.score(job("near-start", 5), List.of(c), onRoute).ranked().get(0);

    assertThat(s.insertion().position()).isEqualTo(2);
  }

  @Test
  void aTightWindowRaisesTheDelayRisk() {
    Job loose =
        Job.builder("loose").stop(Location.planar(100, 0), 60, TimeWindow.of(0, 5000)).build();
    Job tight =
        Job.builder("tight").stop(Location.planar(100, 0), 60, TimeWindow.of(0, 110)).build();
    List<Candidate> cs = List.of(Candidate.idle(driver("d", 0)));

    CandidateScore l = SCORER.score(loose, cs, List.of()).ranked().get(0);
    CandidateScore t = SCORER.score(tight, cs, List.of()).ranked().get(0);

    assertThat(t.reason().delayRisk()).isGreaterThan(l.reason().delayRisk());
    assertThat(t.score()).isLessThan(l.score());
  }

  @Test
  void aFullDriverIsInfeasibleWithTheReason() {
    Driver full =
        Driver.builder("full")
            .start(Location.planar(0, 0))
            .shift(0, 10_000)
            .capacity(10)
            .maxStops(1)
            .build();
    Candidate c = new Candidate(full, List.of(StopRef.service("a")), 0, 1.0);

    CandidateScore s =
        SCORER.score(job("new", 5), List.of(c), List.of(job("a", 10))).ranked().get(0);

    assertThat(s.feasible()).isFalse();
    assertThat(s.infeasibleReason()).isEqualTo(ReasonCode.MAX_STOPS);
    assertThat(s.score()).isZero();
  }

  @Test
  void serializesWithTheDocumentedFieldNames() throws Exception {
    AssignmentRanking r =
        SCORER.score(job("j", 10), List.of(Candidate.idle(driver("d", 0))), List.of());

    JsonNode n = new ObjectMapper().valueToTree(r);

    assertThat(n.get("weights_version").asText()).isEqualTo("scoring-v1");
    assertThat(n.get("ranked").get(0).get("reason").fieldNames())
        .toIterable()
        .containsExactly(
            "skill_match",
            "distance_score",
            "priority_weight",
            "performance",
            "availability",
            "predicted_duration_minutes",
            "delay_risk");
    assertThat(n.get("ranked").get(0).get("insertion").get("position").asInt()).isZero();
  }
}
