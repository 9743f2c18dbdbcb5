package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DriverBreak;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.events.Vehicle;
import io.fleetstream.schemas.state.StopKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * New jobs are placed by cheapest feasible insertion into the drivers' current routes (weights
 * version 2).
 */
class InsertionPolicyTest {

  private static final Instant NOW = Instant.parse("2026-05-08T16:00:00Z");
  private final InMemoryZoneState state = new InMemoryZoneState();
  private final ZoneDispatcher dispatcher =
      new ZoneDispatcher("acct", "z1", state, Clock.fixed(NOW, ZoneOffset.UTC));
  private int sequence;

  @Test
  void aJobOnTheWayToTheDriversNextStopGoesBeforeItNotAtTheEnd() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.JOB_CREATED, job("far", 43.7800, 7.4000, null));
    apply(EventType.JOB_CREATED, job("farther", 43.7900, 7.4000, null));

    List<CloudEvent> out =
        dispatcher.apply(event(EventType.JOB_CREATED, job("on_the_way", 43.7400, 7.4000, null)));

    assertThat(state.drivers.get("d1").jobIds()).containsExactly("on_the_way", "far", "farther");
    AssignmentData a = out.get(0).data(AssignmentData.class);
    assertThat(a.weightsVersion()).isEqualTo(InsertionPolicy.WEIGHTS_VERSION);
    assertThat(a.metric()).isEqualTo("haversine");
    assertThat(a.reason().predictedDurationMinutes())
        .as("no detour, only the 10 min service")
        .isBetween(9.9, 10.5);
    assertThat(out.get(1).data(AuditDecisionData.class).policy()).isEqualTo("cheapest-insertion");
  }

  @Test
  void aJobNobodyCanReachInItsWindowWaitsWithReasonTimeWindowAndANearbyDriverTakesIt() {
    // 20 km away: about 52 min at 30 km/h on a 1.3 detour; the window closes in 15 min.
    apply(EventType.DRIVER_CREATED, driver("distant", 43.9000, 7.4000));
    JobData urgent =
        job(
            "urgent",
            43.7200,
            7.4000,
            new TimeWindow(
                NOW.atOffset(ZoneOffset.UTC),
                NOW.plus(Duration.ofMinutes(15)).atOffset(ZoneOffset.UTC)));

    List<AssignmentData> waiting = apply(EventType.JOB_CREATED, urgent);
    List<AssignmentData> taken = apply(EventType.DRIVER_CREATED, driver("nearby", 43.7210, 7.4000));

    assertThat(waiting)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.assigned()).isFalse();
              assertThat(a.unassignedReason()).isEqualTo("TIME_WINDOW");
            });
    assertThat(taken).singleElement().satisfies(a -> assertThat(a.driverId()).isEqualTo("nearby"));
  }

  @Test
  void aJobWhoseWindowIsOverIsRefusedAtOnce() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    JobData missed =
        job(
            "missed",
            43.7000,
            7.4000,
            new TimeWindow(
                NOW.minus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC),
                NOW.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)));

    assertThat(apply(EventType.JOB_CREATED, missed))
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("TIME_WINDOW"));
  }

  @Test
  void aNewJobIsNotSqueezedInWhereItWouldMakeAPromisedJobLate() {
    // d1 is due at "promised" (8 km north, about 21 min) within 25 min. "south" is 1 km behind d1:
    // first would be d1's cheapest place for it, but would make "promised" late, and after it is a
    // long
    // way back; d2, 5 km further south, takes it.
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(
        EventType.JOB_CREATED,
        job(
            "promised",
            43.7720,
            7.4000,
            new TimeWindow(
                NOW.atOffset(ZoneOffset.UTC),
                NOW.plus(Duration.ofMinutes(25)).atOffset(ZoneOffset.UTC))));
    apply(EventType.DRIVER_CREATED, driver("d2", 43.6400, 7.4000));

    List<AssignmentData> out = apply(EventType.JOB_CREATED, job("south", 43.6900, 7.4000, null));

    assertThat(out).singleElement().satisfies(a -> assertThat(a.driverId()).isEqualTo("d2"));
    assertThat(state.drivers.get("d1").jobIds()).containsExactly("promised");
  }

  @Test
  void withoutThePromiseTheSameJobGoesFirstOnTheNearerDriversRoute() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.JOB_CREATED, job("promised", 43.7720, 7.4000, null));
    apply(EventType.DRIVER_CREATED, driver("d2", 43.6400, 7.4000));

    List<AssignmentData> out = apply(EventType.JOB_CREATED, job("south", 43.6900, 7.4000, null));

    assertThat(out).singleElement().satisfies(a -> assertThat(a.driverId()).isEqualTo("d1"));
    assertThat(state.drivers.get("d1").jobIds()).containsExactly("south", "promised");
  }

  @Test
  void aFullVanGetsNoMoreGoodsAndAJobNoVanHasRoomForWaitsWithReasonCapacity() {
    Vehicle van = new Vehicle("cargo_van", new Load(1000.0, null, null), null, null, null);
    DriverData near = driver("near", 43.7000, 7.4000).withVehicle(van, null);
    DriverData far = driver("far", 43.7300, 7.4000).withVehicle(van, null);
    apply(EventType.forDriver(true, near), near);
    apply(EventType.forDriver(true, far), far);

    List<AssignmentData> first = apply(EventType.JOB_CREATED_V2, heavy("first", 600));
    List<AssignmentData> second = apply(EventType.JOB_CREATED_V2, heavy("second", 600));
    List<AssignmentData> light = apply(EventType.JOB_CREATED, job("light", 43.7001, 7.4000, null));
    List<AssignmentData> huge = apply(EventType.JOB_CREATED_V2, heavy("huge", 1500));

    assertThat(first).singleElement().satisfies(a -> assertThat(a.driverId()).isEqualTo("near"));
    assertThat(second)
        .as("600 kg more does not fit in the nearer van, which already carries 600 of its 1,000")
        .singleElement()
        .satisfies(a -> assertThat(a.driverId()).isEqualTo("far"));
    assertThat(light)
        .as("a job with no load fits any van")
        .singleElement()
        .satisfies(a -> assertThat(a.driverId()).isEqualTo("near"));
    assertThat(huge)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.assigned()).isFalse();
              assertThat(a.unassignedReason()).isEqualTo("CAPACITY");
            });
  }

  @Test
  void aPickupAndDeliveryJobIsPlacedLiveAsAPairItsPickupFirstWithOtherStopsBetween() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.JOB_CREATED, job("along", 43.7200, 7.4000, null));

    List<AssignmentData> out =
        apply(EventType.JOB_CREATED_V2, pair("pair", 43.7050, 43.7400, null));

    assertThat(out)
        .singleElement()
        .satisfies(a -> assertThat(a.driverId()).isEqualTo("d1"))
        .satisfies(
            a ->
                assertThat(a.reason().predictedDurationMinutes())
                    .as(
                        "10 min at each stop, no detour to the pickup on the way north, then"
                            + " 2.2 km on (about 5.8 min on a 1.3 detour at 30 km/h)")
                    .isBetween(25.0, 26.5));
    assertThat(state.drivers.get("d1").stopOrder())
        .as("collected on the way out, delivered after the stop in between")
        .containsExactly(StopKey.pickupOf("pair"), StopKey.at("along"), StopKey.at("pair"));
    assertThat(state.drivers.get("d1").jobIds()).containsExactly("along", "pair");
  }

  @Test
  void aVanCarriesTwoHeavyPairsOneAfterTheOtherAndAPairNoVanHoldsWaitsWithReasonCapacity() {
    Vehicle van = new Vehicle("cargo_van", new Load(1000.0, null, null), null, null, null);
    DriverData near = driver("near", 43.7000, 7.4000).withVehicle(van, null);
    apply(EventType.forDriver(true, near), near);

    apply(EventType.JOB_CREATED_V2, pair("p1", 43.7010, 43.7500, new Load(600.0, null, null)));
    List<AssignmentData> second =
        apply(EventType.JOB_CREATED_V2, pair("p2", 43.7020, 43.7510, new Load(600.0, null, null)));
    List<AssignmentData> huge =
        apply(
            EventType.JOB_CREATED_V2, pair("huge", 43.7030, 43.7520, new Load(1500.0, null, null)));

    assertThat(second).singleElement().satisfies(a -> assertThat(a.driverId()).isEqualTo("near"));
    List<StopKey> stops = state.drivers.get("near").stopOrder();
    assertThat(stops)
        .as(
            "both pickups first would be shorter, but 1,200 kg is more than the van's 1,000: the"
                + " first pair is delivered before the second is collected")
        .isIn(
            List.of(
                StopKey.pickupOf("p1"), StopKey.at("p1"), StopKey.pickupOf("p2"), StopKey.at("p2")),
            List.of(
                StopKey.pickupOf("p2"),
                StopKey.at("p2"),
                StopKey.pickupOf("p1"),
                StopKey.at("p1")));
    assertThat(huge)
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("CAPACITY"));
  }

  @Test
  void aStartedPairHasItsGoodsOnBoardOnlyItsDeliveryIsLeftAndANewJobIsPlacedAroundIt() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.JOB_CREATED_V2, pair("pair", 43.7050, 43.7400, null));
    assertThat(state.drivers.get("d1").stopOrder())
        .containsExactly(StopKey.pickupOf("pair"), StopKey.at("pair"));

    apply(EventType.JOB_STARTED, new JobStatusData("pair", "d1", NOW, null, "z1"));
    assertThat(state.drivers.get("d1").stopOrder()).containsExactly(StopKey.at("pair"));
    assertThat(state.drivers.get("d1").stops()).as("nothing left to collect").isNull();

    apply(EventType.JOB_CREATED, job("after", 43.7600, 7.4000, null));
    assertThat(state.drivers.get("d1").jobIds()).containsExactly("pair", "after");
  }

  @Test
  void aJobPlacedOnARouteWithAPickupCountsItsPlaceInStops() {
    apply(EventType.DRIVER_CREATED, driver("d1", 43.7000, 7.4000));
    apply(EventType.JOB_CREATED_V2, pair("pair", 43.7300, 43.7400, null));

    apply(EventType.JOB_CREATED, job("first", 43.7100, 7.4000, null));
    apply(EventType.JOB_CREATED, job("between", 43.7350, 7.4000, null));

    assertThat(state.drivers.get("d1").stopOrder())
        .containsExactly(
            StopKey.at("first"),
            StopKey.pickupOf("pair"),
            StopKey.at("between"),
            StopKey.at("pair"));
    assertThat(state.drivers.get("d1").jobIds()).containsExactly("first", "between", "pair");
  }

  @Test
  void aJobThatWouldKeepTheDriverFromTheirBreakGoesToADriverWhoCanOrWaitsWithReasonBreak() {
    // An hour of work due to start within 10 min; the break must start 15–25 min from now.
    DriverBreak due =
        new DriverBreak(
            new TimeWindow(
                NOW.plus(Duration.ofMinutes(15)).atOffset(ZoneOffset.UTC),
                NOW.plus(Duration.ofMinutes(25)).atOffset(ZoneOffset.UTC)),
            20);
    DriverData tired = driver("tired", 43.7000, 7.4000).withVehicle(null, List.of(due));
    apply(EventType.forDriver(true, tired), tired);
    JobData hour =
        new JobData(
            "hour",
            null,
            GeoPoint.of(43.7001, 7.4000),
            60.0,
            null,
            List.of(
                new TimeWindow(
                    NOW.atOffset(ZoneOffset.UTC),
                    NOW.plus(Duration.ofMinutes(10)).atOffset(ZoneOffset.UTC))),
            null,
            null,
            null);

    assertThat(apply(EventType.JOB_CREATED, hour))
        .singleElement()
        .satisfies(a -> assertThat(a.unassignedReason()).isEqualTo("BREAK"));

    apply(EventType.DRIVER_CREATED, driver("rested", 43.7010, 7.4000));
    assertThat(state.jobs.get("hour").driverId()).isEqualTo("rested");
  }

  private static JobData pair(String id, double pickupLat, double dropoffLat, Load load) {
    return job(id, dropoffLat, 7.4000, null)
        .withDelivery(new Pickup(GeoPoint.of(pickupLat, 7.4000), 10.0, null), load, null, null);
  }

  private static JobData heavy(String id, double kg) {
    return job(id, 43.7001, 7.4000, null).withDelivery(null, new Load(kg, null, null), null, null);
  }

  private List<AssignmentData> apply(EventType type, EventData data) {
    return dispatcher.apply(event(type, data)).stream()
        .filter(e -> e.data() instanceof AssignmentData)
        .map(e -> e.data(AssignmentData.class))
        .toList();
  }

  private CloudEvent event(EventType type, EventData data) {
    return new CloudEvent(
        "1.0",
        "evt_" + (++sequence),
        "/test",
        type.type(),
        null,
        NOW,
        "application/json",
        "acct",
        "k",
        data);
  }

  private static JobData job(String id, double lat, double lng, TimeWindow window) {
    return new JobData(
        id,
        null,
        GeoPoint.of(lat, lng),
        10.0,
        null,
        window == null ? null : List.of(window),
        null,
        null,
        null);
  }

  private static DriverData driver(String id, double lat, double lng) {
    return new DriverData(
        id, null, null, null, GeoPoint.of(lat, lng), null, null, null, null, null);
  }
}
