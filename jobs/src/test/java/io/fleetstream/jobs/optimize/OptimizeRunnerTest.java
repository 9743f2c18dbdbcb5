package io.fleetstream.jobs.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverBreak;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PayloadItem;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.events.Vehicle;
import io.fleetstream.schemas.json.EventValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optimization requests answered by the routing engine, in the contract's shape. */
class OptimizeRunnerTest {

  private static final OffsetDateTime SHIFT_START =
      OffsetDateTime.parse("2026-05-08T08:00:00-07:00");
  private static final EventValidator VALIDATOR = EventValidator.create();

  @TempDir Path graph;
  private OptimizeRunner runner;

  @AfterEach
  void close() {
    runner.close();
  }

  @Test
  void theSeedsSanFranciscoRequestIsSolvedOnStraightLinesOutsideTheMap() {
    runner = open(null);
    CloudEvent request =
        request(
            "plan",
            List.of(
                job("job_a1", 37.7749, -122.4194, List.of()),
                job("job_a2", 37.7801, -122.4123, List.of()),
                job("job_gas", 37.7790, -122.4180, List.of("gas"))),
            List.of(driver("drv_x", 37.7858, -122.4065), driver("drv_y", 37.7700, -122.4300)));

    List<CloudEvent> out = runner.answer(request);

    assertThat(out)
        .singleElement()
        .satisfies(e -> assertThat(e.eventType()).isEqualTo(EventType.OPTIMIZE_COMPLETED));
    PlanData plan = out.get(0).data(PlanData.class);
    assertThat(plan.status()).isEqualTo("completed");
    assertThat(plan.metric()).isEqualTo("haversine");
    assertThat(plan.routes().stream().flatMap(r -> r.stops().stream()).map(PlanStop::jobId))
        .containsExactlyInAnyOrder("job_a1", "job_a2");
    assertThat(plan.unassigned())
        .extracting(u -> u.jobId() + ":" + u.reason())
        .containsExactly("job_gas:SKILL");
    assertThat(plan.routes())
        .allSatisfy(
            r ->
                r.stops()
                    .forEach(
                        s -> {
                          assertThat(s.arrival().getOffset()).isEqualTo(SHIFT_START.getOffset());
                          assertThat(s.arrival()).isAfterOrEqualTo(SHIFT_START);
                          assertThat(s.durationS()).isEqualTo(300);
                        }));
    assertThat(
            VALIDATOR
                .validate(
                    io.fleetstream.schemas.Topic.PLANS,
                    io.fleetstream.schemas.json.EventJson.toBytes(out.get(0)))
                .isValid())
        .isTrue();
  }

  @Test
  void inMonacoTheRoutesFollowTheRoadsAndACommittedRunAssignsEveryRoutedJob() {
    runner = open(graph);
    CloudEvent request =
        request(
            "commit",
            List.of(
                job("job_casino", 43.7396, 7.4276, List.of()),
                job("job_palace", 43.7314, 7.4197, List.of())),
            List.of(driver("drv_m", 43.7352, 7.4229)));

    List<CloudEvent> out = runner.answer(request);

    PlanData plan = out.get(0).data(PlanData.class);
    assertThat(plan.metric()).isEqualTo("road");
    assertThat(plan.routes())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.polyline()).isNotBlank();
              assertThat(r.distanceM()).isGreaterThan(500);
            });
    assertThat(out.subList(1, out.size()))
        .extracting(CloudEvent::eventType)
        .containsOnly(EventType.DISPATCH_ASSIGN);
    assertThat(out.subList(1, out.size()))
        .extracting(e -> e.data(ManualAssignData.class).jobId())
        .containsExactlyInAnyOrder("job_casino", "job_palace");
  }

  @Test
  void theSameRequestAndSeedGiveTheSamePlan() {
    runner = open(null);
    CloudEvent request =
        request(
            "plan",
            List.of(
                job("j1", 43.7396, 7.4276, List.of()),
                job("j2", 43.7314, 7.4197, List.of()),
                job("j3", 43.7460, 7.4369, List.of()),
                job("j4", 43.7276, 7.4156, List.of())),
            List.of(driver("d1", 43.7352, 7.4229), driver("d2", 43.7300, 7.4150)));

    PlanData first = runner.answer(request).get(0).data(PlanData.class);
    PlanData second = runner.answer(request).get(0).data(PlanData.class);

    assertThat(second.routes()).isEqualTo(first.routes());
  }

  @Test
  void vansCarryNoMoreThanTheirCapacityAndAJobNoVanCanCarryIsUnassignedForCapacity() {
    runner = open(null);
    Vehicle van = new Vehicle("cargo_van", new Load(1000.0, null, null), null, null, null);
    CloudEvent request =
        request(
            "plan",
            List.of(
                heavy(job("j_700a", 43.7396, 7.4276, List.of()), 700),
                heavy(job("j_700b", 43.7314, 7.4197, List.of()), 700),
                heavy(job("j_1500", 43.7460, 7.4369, List.of()), 1500),
                job("j_light", 43.7276, 7.4156, List.of())),
            List.of(
                driver("d1", 43.7352, 7.4229).withVehicle(van, null),
                driver("d2", 43.7300, 7.4150).withVehicle(van, null)));

    PlanData plan = runner.answer(request).get(0).data(PlanData.class);

    assertThat(plan.unassigned())
        .extracting(u -> u.jobId() + ":" + u.reason())
        .containsExactly("j_1500:CAPACITY");
    assertThat(plan.routes())
        .as("700 kg and 700 kg do not fit in one 1,000 kg van: one each")
        .hasSize(2)
        .allSatisfy(
            r ->
                assertThat(
                        r.stops().stream()
                            .map(PlanStop::jobId)
                            .filter(id -> id.startsWith("j_700")))
                    .hasSize(1));
  }

  @Test
  void aPickupAndDeliveryJobIsPickedUpFirstByTheDriverWhoDeliversItAndCommittedOnce() {
    runner = open(null);
    JobData pair =
        job("j_pair", 43.7460, 7.4369, List.of())
            .withDelivery(
                new Pickup(
                    GeoPoint.of(43.7276, 7.4156),
                    3.0,
                    List.of(new TimeWindow(SHIFT_START.plusHours(1), SHIFT_START.plusHours(2)))),
                null,
                List.of(new PayloadItem(null, "boxes", 10, 2.0, 40.0, 30.0, 30.0)),
                List.of("lift-gate"));
    CloudEvent request =
        request(
            "commit",
            List.of(pair, job("j_single", 43.7396, 7.4276, List.of())),
            List.of(driver("d1", 43.7352, 7.4229)));

    List<CloudEvent> out = runner.answer(request);

    PlanData plan = out.get(0).data(PlanData.class);
    List<PlanStop> stops = plan.routes().get(0).stops();
    assertThat(stops)
        .filteredOn(s -> s.jobId().equals("j_pair"))
        .extracting(PlanStop::kind)
        .containsExactly(PlanStop.PICKUP, PlanStop.DROPOFF);
    PlanStop pickup = stops.stream().filter(PlanStop::isPickup).findFirst().orElseThrow();
    assertThat(pickup.arrival()).isBefore(SHIFT_START.plusHours(2));
    assertThat(out.subList(1, out.size()))
        .as("one assignment per job, the pair's at its dropoff")
        .extracting(e -> e.data(ManualAssignData.class).jobId())
        .containsExactlyInAnyOrder("j_pair", "j_single");
    assertThat(
            VALIDATOR
                .validate(
                    io.fleetstream.schemas.Topic.PLANS,
                    io.fleetstream.schemas.json.EventJson.toBytes(out.get(0)))
                .isValid())
        .as("the plan with its pickup and dropoff stops keeps to the plans topic's schema")
        .isTrue();
  }

  @Test
  void aPairTooBigForEveryVanIsUnassignedAndLoadDimensionsNobodyStatesAreIgnored() {
    runner = open(null);
    // 10 boxes of 40×30×30 cm: 0.36 m³, more than the van's 0.3; weight is not limited by it.
    JobData bulky =
        job("j_bulky", 43.7460, 7.4369, List.of())
            .withDelivery(
                new Pickup(GeoPoint.of(43.7276, 7.4156), null, null),
                null,
                List.of(new PayloadItem(null, null, 10, 500.0, 40.0, 30.0, 30.0)),
                null);
    Vehicle small = new Vehicle("car", new Load(null, 0.3, null), null, null, null);
    CloudEvent request =
        request(
            "plan",
            List.of(bulky, job("j_plain", 43.7396, 7.4276, List.of())),
            List.of(driver("d1", 43.7352, 7.4229).withVehicle(small, null)));

    PlanData plan = runner.answer(request).get(0).data(PlanData.class);

    assertThat(plan.unassigned())
        .extracting(u -> u.jobId() + ":" + u.reason())
        .containsExactly("j_bulky:CAPACITY");
    assertThat(plan.routes().get(0).stops()).extracting(PlanStop::jobId).containsExactly("j_plain");
  }

  @Test
  void aTagPriorityPutsTheTaggedJobFirstWhenNotEverythingFits() {
    runner = open(null);
    Vehicle van = new Vehicle("cargo_van", new Load(1000.0, null, null), null, null, null);
    JobData urgent = heavy(job("j_urgent", 43.7396, 7.4276, List.of()), 700).withPriority(2);
    JobData tagged =
        heavy(job("j_tagged", 43.7314, 7.4197, List.of()), 700)
            .withPriority(4)
            .withDelivery(null, new Load(700.0, null, null), null, List.of("lift-gate"));
    List<DriverData> oneVan = List.of(driver("d1", 43.7352, 7.4229).withVehicle(van, null));

    PlanData own = solve(options("min_duration"), List.of(urgent, tagged), oneVan);
    PlanData byTag =
        solve(
            options("min_duration").withVersion2(withTags(Map.of("lift-gate", 5))),
            List.of(urgent, tagged),
            oneVan);

    assertThat(own.unassigned())
        .as("one 700 kg job fits: the more urgent of the two")
        .extracting(u -> u.jobId() + ":" + u.reason())
        .containsExactly("j_tagged:CAPACITY");
    assertThat(byTag.unassigned())
        .as("lift-gate at priority 5 makes the tagged job the most urgent")
        .extracting(u -> u.jobId() + ":" + u.reason())
        .containsExactly("j_urgent:CAPACITY");
  }

  @Test
  void lockedStopsGoFirstOnTheirDriversRouteInTheGivenOrder() {
    runner = open(null);
    List<JobData> jobs =
        List.of(
            job("j_near", 43.7360, 7.4235, List.of()),
            job("j_mid", 43.7396, 7.4276, List.of()),
            job("j_far", 43.7460, 7.4369, List.of()));
    List<DriverData> drivers = List.of(driver("d1", 43.7352, 7.4229));

    PlanData free = solve(options("min_duration"), jobs, drivers);
    PlanData locked =
        solve(
            options("min_duration")
                .withVersion2(
                    new OptimizeOptions(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        Map.of("d1", List.of("j_far", "j_near")),
                        null)),
            jobs,
            drivers);

    assertThat(free.routes().get(0).stops())
        .extracting(PlanStop::jobId)
        .containsExactly("j_near", "j_mid", "j_far");
    assertThat(locked.routes().get(0).stops())
        .extracting(PlanStop::jobId)
        .containsExactly("j_far", "j_near", "j_mid");
  }

  @Test
  void aVehicleOverrideByTypeOrDriverReplacesTheVansCapacityForTheRun() {
    runner = open(null);
    Vehicle van = new Vehicle("cargo_van", new Load(1000.0, null, null), null, null, null);
    List<JobData> jobs = List.of(heavy(job("j_600", 43.7396, 7.4276, List.of()), 600));
    List<DriverData> drivers =
        List.of(
            driver("d1", 43.7352, 7.4229).withVehicle(van, null),
            driver("d2", 43.7300, 7.4150).withVehicle(van, null));
    Vehicle small = new Vehicle(null, new Load(500.0, null, null), null, null, null);

    PlanData byType =
        solve(
            options("min_duration").withVersion2(withOverrides(Map.of("cargo_van", small))),
            jobs,
            drivers);
    PlanData byDriver =
        solve(
            options("min_duration")
                .withVersion2(
                    withOverrides(
                        Map.of(
                            "cargo_van",
                            small,
                            "d2",
                            new Vehicle(null, new Load(800.0, null, null), null, null, null)))),
            jobs,
            drivers);

    assertThat(byType.unassigned())
        .extracting(u -> u.jobId() + ":" + u.reason())
        .containsExactly("j_600:CAPACITY");
    assertThat(byDriver.unassigned()).isEmpty();
    assertThat(byDriver.routes())
        .as("only d2's own override holds 600 kg")
        .singleElement()
        .satisfies(r -> assertThat(r.driverId()).isEqualTo("d2"));
  }

  @Test
  void minVehiclesServesWithOneRouteWhatMinDurationSplitsAcrossTwoDrivers() {
    runner = open(null);
    // No windows: a route waiting for one would cost its wait, which a single route pays once.
    List<JobData> jobs =
        List.of(
            anytime("j_a1", 43.7300, 7.4150),
            anytime("j_a2", 43.7310, 7.4160),
            anytime("j_b1", 43.7460, 7.4369),
            anytime("j_b2", 43.7450, 7.4360));
    List<DriverData> drivers =
        List.of(driver("d_a", 43.7305, 7.4155), driver("d_b", 43.7455, 7.4365));

    PlanData fastest = solve(options("min_duration"), jobs, drivers);
    PlanData fewest = solve(options("min_vehicles"), jobs, drivers);
    PlanData apart = solve(options("avoid_tour_overlap"), jobs, drivers);
    PlanData fewestApart = solve(options("min_vehicles_avoid_tour_overlap"), jobs, drivers);

    assertThat(fastest.routes()).as("each driver serves the jobs next to them").hasSize(2);
    assertThat(fewest.unassigned()).isEmpty();
    assertThat(fewest.routes())
        .as("one driver drives the 2 km to the other's jobs: one vehicle saved")
        .singleElement()
        .satisfies(r -> assertThat(r.stops()).hasSize(4));
    assertThat(apart.routes()).as("two compact routes, one per end of town").hasSize(2);
    assertThat(fewestApart.objective()).isEqualTo("min_vehicles_avoid_tour_overlap");
    assertThat(fewestApart.unassigned()).isEmpty();
    assertThat(fewestApart.routes())
        .as("seed 004's MIN_VEHICLE_AVOID_TOUR_OVERLAP: the vehicle saved comes first")
        .singleElement()
        .satisfies(r -> assertThat(r.stops()).hasSize(4));
  }

  @Test
  void minMaxSplitsARunOfJobsThatMinDurationGivesToOneDriverAndAvoidOverlapIsARunsObjective() {
    runner = open(null);
    List<JobData> line =
        List.of(
            anytime("j1", 43.7310, 7.4150),
            anytime("j2", 43.7320, 7.4150),
            anytime("j3", 43.7330, 7.4150),
            anytime("j4", 43.7340, 7.4150));
    List<DriverData> depot = List.of(driver("d1", 43.7300, 7.4150), driver("d2", 43.7300, 7.4150));

    PlanData fastest = solve(options("min_duration"), line, depot);
    PlanData shortestLongest = solve(options("min_max"), line, depot);
    PlanData apart = solve(options("avoid_tour_overlap"), line, depot);

    assertThat(fastest.routes()).as("one driver drives the line once").hasSize(1);
    assertThat(shortestLongest.routes()).as("two drivers share it").hasSize(2);
    assertThat(shortestLongest.objective()).isEqualTo("min_max");
    assertThat(
            shortestLongest.routes().stream().mapToDouble(r -> r.durationS()).max().orElseThrow())
        .isLessThan(fastest.routes().get(0).durationS());
    assertThat(apart.objective()).isEqualTo("avoid_tour_overlap");
    assertThat(apart.unassigned()).isEmpty();

    // In distance the driver who reaches j4 drives as far however the line is shared, so the
    // longest route cannot get shorter and the total decides (seed 004's
    // MIN_MAX_TRAVEL_COST_DISTANCE): the service time that min_max shares out does not count.
    PlanData shortestLongestKm = solve(options("min_max_distance"), line, depot);
    assertThat(shortestLongestKm.objective()).isEqualTo("min_max_distance");
    assertThat(shortestLongestKm.routes()).as("one driver drives the line").hasSize(1);
    assertThat(shortestLongestKm.unassigned()).isEmpty();
  }

  @Test
  void aLongJobThatLeavesNoRoomForTheDriversBreakIsUnassignedWithBreakOrGoesToADriverWithout() {
    runner = open(null);
    // Two hours of work that must start between 08:50 and 09:00; the break starts 09:00–09:30.
    JobData long2h =
        new JobData(
            "j_long",
            null,
            GeoPoint.of(43.7360, 7.4235),
            120.0,
            1,
            List.of(new TimeWindow(SHIFT_START.plusMinutes(50), SHIFT_START.plusMinutes(60))),
            null,
            null,
            null);
    DriverBreak lunch =
        new DriverBreak(new TimeWindow(SHIFT_START.plusHours(1), SHIFT_START.plusMinutes(90)), 30);
    DriverData tired = driver("d_break", 43.7352, 7.4229).withVehicle(null, List.of(lunch));

    PlanData alone = solve(options("min_duration"), List.of(long2h), List.of(tired));
    PlanData withRested =
        solve(
            options("min_duration"),
            List.of(long2h),
            List.of(tired, driver("d_rested", 43.7300, 7.4150)));

    assertThat(alone.unassigned())
        .extracting(u -> u.jobId() + ":" + u.reason())
        .containsExactly("j_long:BREAK");
    assertThat(withRested.routes())
        .singleElement()
        .satisfies(r -> assertThat(r.driverId()).isEqualTo("d_rested"));

    // A short job before the break: the plan says when the break is taken, inside its window.
    PlanData shortFirst =
        solve(
            options("min_duration"),
            List.of(job("j_short", 43.7360, 7.4235, List.of())),
            List.of(tired));
    PlanRoute route = shortFirst.routes().get(0);
    assertThat(route.breaks())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.start())
                  .isBetween(SHIFT_START.plusHours(1), SHIFT_START.plusMinutes(90));
              assertThat(Duration.between(b.start(), b.end())).isEqualTo(Duration.ofMinutes(30));
            });
  }

  @Test
  void minCostGivesTheWorkToTheVanThatCostsLessWhereMinDurationTakesTheNearerOne() {
    runner = open(null);
    List<JobData> jobs = List.of(anytime("j1", 43.7360, 7.4235), anytime("j2", 43.7396, 7.4276));
    Vehicle dear = new Vehicle("truck", null, 2.0, 60.0, 200.0);
    Vehicle cheap = new Vehicle("car", null, 0.3, 20.0, 20.0);
    List<DriverData> drivers =
        List.of(
            driver("d_near_dear", 43.7355, 7.4230).withVehicle(dear, null),
            driver("d_far_cheap", 43.7300, 7.4150).withVehicle(cheap, null));

    PlanData fastest = solve(options("min_duration"), jobs, drivers);
    PlanData cheapest = solve(options("min_cost"), jobs, drivers);

    assertThat(fastest.routes())
        .singleElement()
        .satisfies(r -> assertThat(r.driverId()).isEqualTo("d_near_dear"));
    assertThat(cheapest.routes())
        .as("a 200 fixed cost against 20: the car drives the extra kilometre")
        .singleElement()
        .satisfies(r -> assertThat(r.driverId()).isEqualTo("d_far_cheap"));
    double km = cheapest.routes().get(0).distanceM() / 1000;
    double hours = cheapest.routes().get(0).durationS() / 3600;
    assertThat(cheapest.cost())
        .as("the plan's cost is money: fixed + per km + per hour")
        .isCloseTo(20 + 0.3 * km + 20 * hours, within(0.05));
  }

  private PlanData solve(OptimizeOptions options, List<JobData> jobs, List<DriverData> drivers) {
    OptimizeRequestData data =
        new OptimizeRequestData(
            "opt_1",
            "corr_1",
            "plan",
            options,
            jobs,
            drivers,
            SHIFT_START.toInstant().minusSeconds(60));
    CloudEvent request =
        CloudEvent.create(EventType.forOptimization(data), "/test", "acct", "opt_1", data);
    List<CloudEvent> out = runner.answer(request);
    assertThat(
            VALIDATOR
                .validate(
                    io.fleetstream.schemas.Topic.COMMANDS,
                    io.fleetstream.schemas.json.EventJson.toBytes(request))
                .isValid())
        .as("the request keeps to its version's schema")
        .isTrue();
    return out.get(0).data(PlanData.class);
  }

  private static JobData anytime(String id, double lat, double lng) {
    return new JobData(id, null, GeoPoint.of(lat, lng), 5.0, 1, null, null, null, null);
  }

  private static OptimizeOptions options(String objective) {
    return new OptimizeOptions(SHIFT_START, SHIFT_START.plusHours(10), 25, objective, 7L, 1.0);
  }

  private static OptimizeOptions withTags(Map<String, Integer> tags) {
    return new OptimizeOptions(null, null, null, null, null, null, tags, null, null);
  }

  private static OptimizeOptions withOverrides(Map<String, Vehicle> overrides) {
    return new OptimizeOptions(null, null, null, null, null, null, null, null, overrides);
  }

  private static JobData heavy(JobData job, double kg) {
    return job.withDelivery(null, new Load(kg, null, null), null, null);
  }

  private static OptimizeRunner open(Path roadDir) {
    OptimizeRunner r = new OptimizeRunner(roadDir == null ? null : RoadMap.embedded(roadDir), 1);
    r.open(DefaultOpenContext.INSTANCE);
    return r;
  }

  private static CloudEvent request(String mode, List<JobData> jobs, List<DriverData> drivers) {
    OptimizeRequestData data =
        new OptimizeRequestData(
            "opt_1",
            "corr_1",
            mode,
            new OptimizeOptions(
                SHIFT_START, SHIFT_START.plusHours(10), 25, "min_duration", 7L, 1.0),
            jobs,
            drivers,
            SHIFT_START.toInstant().minusSeconds(60));
    return CloudEvent.create(EventType.OPTIMIZE_REQUESTED, "/test", "acct", "opt_1", data);
  }

  private static JobData job(String id, double lat, double lng, List<String> skills) {
    return new JobData(
        id,
        null,
        GeoPoint.of(lat, lng),
        5.0,
        1,
        List.of(new TimeWindow(SHIFT_START.plusHours(1), SHIFT_START.plusHours(9))),
        skills,
        null,
        null);
  }

  private static DriverData driver(String id, double lat, double lng) {
    return new DriverData(id, null, null, null, GeoPoint.of(lat, lng), null, null, null, 8, null);
  }
}
