package io.fleetstream.jobs.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.jobs.DispatchJobConfig;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.TelemetryData;
import io.fleetstream.schemas.state.DriverRoute;
import io.fleetstream.schemas.state.RouteStop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tracker ping by ping, with Flink's operator harness driving processing time. */
class DriverTrackerTest {

  private static final Instant T0 = Instant.parse("2026-05-08T16:00:00Z");
  private static final GeoPoint START = GeoPoint.of(43.7300, 7.4150);

  /** About 3 km north-east of START. */
  private static final GeoPoint STOP = GeoPoint.of(43.7500, 7.4400);

  private final DispatchJobConfig.Tracking config =
      new DispatchJobConfig.Tracking(
          Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofSeconds(5), 50, 30, 1.3);
  private KeyedTwoInputStreamOperatorTestHarness<String, CloudEvent, DriverRoute, CloudEvent>
      harness;
  private int pings;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
    harness.setProcessingTime(T0.toEpochMilli());
  }

  /**
   * The tracker as the job runs it: its operator writes changed drivers to state before each
   * checkpoint.
   */
  private KeyedTwoInputStreamOperatorTestHarness<String, CloudEvent, DriverRoute, CloudEvent>
      newHarness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new DriverTrackerOperator(new DriverTracker(config, new StraightLineTravel(30, 1.3))),
        p -> p.tenant() + "/" + p.data(TelemetryData.class).driverId(),
        DriverRoute::key,
        Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void theFirstPingPutsTheDriverOnlineAndARouteGetsEtasForEveryStop() throws Exception {
    ping("p1", START, T0);
    harness.processElement2(
        route(stop("job_1", STOP, 10), stop("job_2", START, 5)), T0.toEpochMilli());

    List<DriverStateData> states = states();
    assertThat(states)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo("online");
              assertThat(s.lat()).isEqualTo(START.lat());
            });
    List<EtaData> etas = etas();
    assertThat(etas).extracting(EtaData::jobId).containsExactly("job_1", "job_2");
    EtaData first = etas.get(0);
    // ~3 km straight line × 1.3 detour at 30 km/h ≈ 7–8 minutes.
    assertThat(Duration.between(T0, first.eta()))
        .isBetween(Duration.ofMinutes(6), Duration.ofMinutes(10));
    assertThat(first.predictedFinish()).isEqualTo(first.eta().plus(Duration.ofMinutes(10)));
    assertThat(etas.get(1).eta()).isAfter(first.predictedFinish());
    assertThat(first.metric()).isEqualTo("haversine");
  }

  @Test
  void aNewRouteTimesItsLaterStopsOnItsOwnLegsNotThePreviousRoutes() throws Exception {
    GeoPoint far = GeoPoint.of(43.8000, 7.5000); // about 8 km beyond STOP
    ping("p1", START, T0);
    harness.processElement2(
        route(stop("job_1", STOP, 10), stop("job_2", STOP, 5)), T0.toEpochMilli());
    Instant sameSpot = etaOf("job_2");
    harness.processElement2(
        route(stop("job_1", STOP, 10), stop("job_2", far, 5)), T0.toEpochMilli());
    ping("p2", GeoPoint.of(43.7301, 7.4151), T0.plusSeconds(5));

    // job_1 finishes at the same time on both routes; job_2 now needs an 8 km drive after it.
    assertThat(Duration.between(sameSpot, etaOf("job_2"))).isGreaterThan(Duration.ofMinutes(10));
  }

  @Test
  void aPairsEtaIsItsDeliveryReachedThroughItsPickupWhichHasNoEtaOfItsOwn() throws Exception {
    ping("p1", START, T0);
    harness.processElement2(
        route(stop("job_1", STOP, 10), stop("job_2", START, 5)), T0.toEpochMilli());
    Instant direct = etaOf("job_2");
    RouteStop pickup = new RouteStop("job_2", STOP, 15, null, false, true);
    harness.processElement2(
        route(stop("job_1", STOP, 10), pickup, stop("job_2", START, 5)), T0.toEpochMilli());
    ping("p2", GeoPoint.of(43.7301, 7.4151), T0.plusSeconds(5));

    assertThat(etas()).extracting(EtaData::jobId).containsOnly("job_1", "job_2");
    assertThat(Duration.between(direct, etaOf("job_2")))
        .as("the 15 min at the pickup come before the delivery")
        .isBetween(Duration.ofMinutes(14), Duration.ofMinutes(16));
  }

  private Instant etaOf(String jobId) {
    List<EtaData> etas = etas();
    for (int i = etas.size() - 1; i >= 0; i--) {
      if (etas.get(i).jobId().equals(jobId)) {
        return etas.get(i).eta();
      }
    }
    throw new AssertionError("no ETA for " + jobId);
  }

  @Test
  void anEtaIsRepublishedOnlyWhenItMovesByMoreThanTheThreshold() throws Exception {
    harness.processElement2(route(stop("job_1", STOP, 10)), T0.toEpochMilli());
    ping("p1", START, T0);
    ping("p2", GeoPoint.of(43.7302, 7.4152), T0.plusSeconds(10)); // 30 m on, ETA barely moves
    int afterSmallMove = etas().size();
    ping(
        "p3", GeoPoint.of(43.7000, 7.3800), T0.plusSeconds(20)); // wrong way: several minutes later

    assertThat(afterSmallMove).isEqualTo(1);
    assertThat(etas()).hasSize(2);
    assertThat(etas().get(1).eta()).isAfter(etas().get(0).eta().plus(Duration.ofMinutes(2)));
  }

  /**
   * The tracker skips ETA work for a ping when the first stop's arrival stays inside a window; this
   * holds it to the plain rule — each stop's ETA from the driver, leg by leg, republished when it
   * moved by more than the threshold — over a random walk with route changes and a started stop.
   */
  @Test
  void etasArePublishedExactlyAsComputingEveryStopAtEveryPingWould() throws Exception {
    java.util.Random random = new java.util.Random(11);
    StraightLineTravel travel = new StraightLineTravel(30, 1.3);
    java.util.Map<String, Long> published = new java.util.HashMap<>();
    List<String> expected = new java.util.ArrayList<>();
    List<RouteStop> stops =
        List.of(
            stop("job_1", STOP, 10),
            stop("job_2", START, 5),
            stop("job_3", GeoPoint.of(43.74, 7.43), 20));
    harness.processElement2(route(stops.toArray(RouteStop[]::new)), T0.toEpochMilli());
    GeoPoint at = START;
    for (int i = 1; i <= 400; i++) {
      if (i % 100 == 0) { // a new route: the second stop started, a new one at the end
        stops =
            List.of(
                started(stops.get(1)),
                stops.get(2),
                stop("job_" + (3 + i), GeoPoint.of(43.72, 7.41), 15));
        harness.processElement2(route(stops.toArray(RouteStop[]::new)), T0.toEpochMilli());
        published.keySet().retainAll(stops.stream().map(RouteStop::jobId).toList());
        expected.addAll(changedEtas(travel, stops, at, T0.plusSeconds(i - 1), published));
      }
      at =
          GeoPoint.of(
              at.lat() + (random.nextDouble() - 0.5) * 0.004,
              at.lng() + (random.nextDouble() - 0.5) * 0.004);
      Instant when = T0.plusSeconds(i);
      ping("p" + i, at, when);
      expected.addAll(changedEtas(travel, stops, at, when, published));
    }

    assertThat(etas())
        .extracting(e -> e.jobId() + "@" + e.eta())
        .containsExactlyElementsOf(expected);
    assertThat(expected).as("the walk moves ETAs sometimes, not always").hasSizeBetween(20, 600);
  }

  /**
   * The plain rule, leg by leg: which stops' ETAs (truncated to the second, as published) change.
   */
  private List<String> changedEtas(
      StraightLineTravel travel,
      List<RouteStop> stops,
      GeoPoint at,
      Instant when,
      java.util.Map<String, Long> published) {
    List<String> changed = new java.util.ArrayList<>();
    Instant clock = when;
    GeoPoint from = at;
    for (RouteStop stop : stops) {
      TravelEstimator.Leg leg =
          stop.started() ? new TravelEstimator.Leg(0, 0) : travel.leg(from, stop.location());
      Instant arrival = clock.plusMillis(Math.round(leg.durationS() * 1000));
      Long before = published.get(stop.jobId());
      if (before == null
          || Math.abs(arrival.toEpochMilli() - before) > config.etaChangeThreshold().toMillis()) {
        published.put(stop.jobId(), arrival.toEpochMilli());
        changed.add(
            stop.jobId() + "@" + arrival.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
      }
      clock = arrival.plusMillis(Math.round(stop.serviceMinutes() * 60_000));
      from = stop.location();
    }
    return changed;
  }

  @Test
  void afterARestoreTheDriverItsRouteAndItsPublishedEtasComeBackFromState() throws Exception {
    harness.processElement2(route(stop("job_1", STOP, 10)), T0.toEpochMilli());
    ping("p1", START, T0);
    OperatorSubtaskState snapshot = harness.snapshot(1, T0.toEpochMilli());
    harness.close();
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    harness.setProcessingTime(T0.plusSeconds(10).toEpochMilli());

    ping("p1", START, T0); // redelivered after the restore: still a duplicate
    ping("p2", GeoPoint.of(43.7302, 7.4152), T0.plusSeconds(10)); // ETA barely moves: nothing new
    ping(
        "p3",
        GeoPoint.of(43.7000, 7.3800),
        T0.plusSeconds(20)); // wrong way: the route is still known

    assertThat(etas())
        .as("only the moved ETA, against the one published before the restore")
        .hasSize(1);
    assertThat(states()).extracting(DriverStateData::lastPingAt).doesNotContain(T0);
  }

  @Test
  void duplicatesAreDroppedAndAnOutOfOrderPingNeverMovesTheDriverBackwards() throws Exception {
    ping("p1", START, T0);
    ping("p1", START, T0);
    ping("p2", STOP, T0.plusSeconds(60));
    ping(
        "old",
        GeoPoint.of(43.7400, 7.4300),
        T0.plusSeconds(30)); // recorded before p2, arrives after
    harness.setProcessingTime(T0.plusSeconds(120).toEpochMilli());
    ping("p3", GeoPoint.of(43.7501, 7.4405), T0.plusSeconds(120));

    List<DriverStateData> states = states();
    assertThat(states).extracting(DriverStateData::lastPingAt).doesNotContain(T0.plusSeconds(30));
    DriverStateData last = states.get(states.size() - 1);
    assertThat(last.lastPingAt()).isEqualTo(T0.plusSeconds(120));
    assertThat(last.latePings()).as("the out-of-order ping is counted").isEqualTo(1);
  }

  @Test
  void aSilentDriverGoesOfflineAfterTheLimitAndComesBackWithTheNextPing() throws Exception {
    ping("p1", START, T0);
    harness.setProcessingTime(T0.plus(Duration.ofMinutes(4)).toEpochMilli());
    int beforeLimit = states().size();
    harness.setProcessingTime(T0.plus(Duration.ofMinutes(5)).plusSeconds(1).toEpochMilli());
    List<DriverStateData> afterLimit = states();
    ping("p2", START, T0.plus(Duration.ofMinutes(6)));

    assertThat(beforeLimit).isEqualTo(1);
    assertThat(afterLimit).extracting(DriverStateData::status).containsExactly("online", "offline");
    assertThat(states())
        .extracting(DriverStateData::status)
        .containsExactly("online", "offline", "online");
  }

  @Test
  void aDriverWhoKeepsPingingNeverGoesOfflineAndGoesOfflineFiveMinutesAfterTheLastPing()
      throws Exception {
    ping("p1", START, T0);
    harness.setProcessingTime(T0.plus(Duration.ofMinutes(4)).toEpochMilli());
    ping("p2", START, T0.plus(Duration.ofMinutes(4)));
    harness.setProcessingTime(T0.plus(Duration.ofMinutes(5)).plusSeconds(1).toEpochMilli());
    List<String> whilePinging = states().stream().map(DriverStateData::status).toList();
    harness.setProcessingTime(T0.plus(Duration.ofMinutes(9)).plusSeconds(1).toEpochMilli());

    assertThat(whilePinging).doesNotContain("offline");
    assertThat(states()).extracting(DriverStateData::status).endsWith("offline");
  }

  @Test
  void aMovingDriverIsPublishedAtMostOncePerInterval() throws Exception {
    for (int i = 0; i < 10; i++) {
      harness.setProcessingTime(T0.plusSeconds(i).toEpochMilli());
      ping("p" + i, GeoPoint.of(START.lat() + i * 0.001, START.lng()), T0.plusSeconds(i));
    }

    // Second 0 (online) and second 5 (interval passed, 550 m moved); not every second.
    assertThat(states()).hasSize(2);
  }

  private void ping(String id, GeoPoint at, Instant recordedAt) throws Exception {
    pings++;
    TelemetryData data =
        new TelemetryData("drv_1", at.lat(), at.lng(), null, null, 5.0, recordedAt);
    harness.processElement1(
        new CloudEvent(
            "1.0",
            id,
            "/test",
            EventType.TELEMETRY_PING.type(),
            "drv_1",
            recordedAt,
            "application/json",
            "acct",
            "drv_1",
            data),
        recordedAt.toEpochMilli());
  }

  private static DriverRoute route(RouteStop... stops) {
    return new DriverRoute("acct", "drv_1", List.of(stops));
  }

  private static RouteStop started(RouteStop stop) {
    return new RouteStop(
        stop.jobId(), stop.location(), stop.serviceMinutes(), stop.windowEnd(), true);
  }

  private static RouteStop stop(String jobId, GeoPoint at, double serviceMinutes) {
    return new RouteStop(jobId, at, serviceMinutes, null, false);
  }

  private List<EtaData> etas() {
    return harness.extractOutputValues().stream()
        .filter(e -> e.eventType() == EventType.ETA_UPDATED)
        .map(e -> e.data(EtaData.class))
        .toList();
  }

  private List<DriverStateData> states() {
    return harness.extractOutputValues().stream()
        .filter(e -> e.eventType() == EventType.DRIVER_STATE_UPDATED)
        .map(e -> e.data(DriverStateData.class))
        .toList();
  }
}
