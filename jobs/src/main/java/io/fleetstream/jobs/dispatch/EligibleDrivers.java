package io.fleetstream.jobs.dispatch;

import io.fleetstream.schemas.events.AuditCandidate;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.state.DriverState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Who in a zone may take a job, found in one pass over the zone's drivers.
 *
 * <p>At 100,000 drivers a zone holds 10,000, and every new job's decision walked them six times (a
 * copy, the exclusions, the distances for the decision log, shift, skills, room) and measured each
 * eligible driver's great-circle distance twice more: 60 % of the planner's time in a JFR profile
 * of {@code bench stream --drivers 100000}, CPU the driver tracker on the same two cores then
 * lacked. Now each driver is read once and ranked by a key that orders like the distance without
 * its arcsine; only the few kept (the decision log's and the nearest eligible) get a distance.
 */
final class EligibleDrivers {

  /** Where a driver stopped being eligible, in the order checked; {@link #ELIGIBLE} passed all. */
  private static final String[] STOPPED_AT = {"SHIFT", "SKILL", "MAX_STOPS"};

  private static final int ELIGIBLE = STOPPED_AT.length;

  private EligibleDrivers() {}

  /** A driver and their great-circle distance from the job. */
  record Near(DriverState driver, double distanceM) {}

  /**
   * Who may take the job; or, when nobody may, the most hopeful reason — if anyone is on shift, it
   * is not the shift.
   *
   * @param nearest the eligible drivers nearest first (distance, then id), at most the number asked
   * @param reason why nobody may ({@code NO_DRIVER}, {@code SHIFT}, {@code SKILL}, {@code
   *     MAX_STOPS}), null when somebody may
   * @param inZone drivers considered (the zone's, less the excluded)
   * @param evaluated the nearest of them with a score or why they could not, for the decision log
   */
  record Eligibility(
      List<Near> nearest, String reason, int inZone, List<AuditCandidate> evaluated) {}

  /**
   * One pass over {@code drivers}, less {@code excluded}: the {@code limit} nearest that may take
   * {@code job} at {@code now} (with room, when {@code needsRoom}), and the decision log's nearest.
   */
  static Eligibility scan(
      JobData job,
      DriverColumns drivers,
      Instant now,
      Set<String> excluded,
      boolean needsRoom,
      int limit) {
    GeoPoint to = job.location();
    double cosTo = Math.cos(Math.toRadians(to.lat()));
    long nowNanos = DriverColumns.nanos(now);
    boolean anySkill = !job.skills().isEmpty();
    Kept logged = new Kept(AuditDecisionData.MAX_CANDIDATES);
    Kept eligible = new Kept(limit);
    int inZone = 0;
    int furthest = -1;
    for (int i = 0; i < drivers.size(); i++) {
      if (!excluded.isEmpty() && excluded.contains(drivers.id(i))) {
        continue;
      }
      inZone++;
      double key =
          NearestDriverPolicy.distanceKey(
              drivers.lat(i), drivers.lng(i), drivers.cosLat(i), to, cosTo);
      int stage;
      if (!drivers.onDuty(i, nowNanos)) {
        stage = 0;
      } else if (anySkill && !drivers.driver(i).driver().skills().containsAll(job.skills())) {
        stage = 1;
      } else if (needsRoom && !drivers.hasRoom(i)) {
        stage = 2;
      } else {
        stage = ELIGIBLE;
      }
      furthest = Math.max(furthest, stage);
      logged.offer(drivers, i, key, stage);
      if (stage == ELIGIBLE) {
        eligible.offer(drivers, i, key, stage);
      }
    }
    List<AuditCandidate> evaluated = logged.auditCandidates();
    if (inZone == 0) {
      return new Eligibility(List.of(), "NO_DRIVER", 0, evaluated);
    }
    if (furthest < ELIGIBLE) {
      return new Eligibility(List.of(), STOPPED_AT[furthest], inZone, evaluated);
    }
    return new Eligibility(eligible.nearestFirst(), null, inZone, evaluated);
  }

  /**
   * How far a driver got before a job could not be theirs: {@code NO_DRIVER} first, then the stages
   * in the order {@link #scan} checks them; every other reason ranks last.
   */
  static int stage(String reason) {
    if ("NO_DRIVER".equals(reason)) {
      return 0;
    }
    int i = List.of(STOPPED_AT).indexOf(reason);
    return i < 0 ? STOPPED_AT.length + 1 : i + 1;
  }

  /** Why {@code d} may not take {@code job} now, or null when they may. */
  static String excludedReason(JobData job, DriverState d, Instant now, boolean needsRoom) {
    int stage = stage(job, d, now, needsRoom);
    return stage == ELIGIBLE ? null : STOPPED_AT[stage];
  }

  private static int stage(JobData job, DriverState d, Instant now, boolean needsRoom) {
    if (!NearestDriverPolicy.onDuty(d, now)) {
      return 0;
    } else if (!d.driver().skills().containsAll(job.skills())) {
      return 1;
    } else if (needsRoom && !d.hasRoom()) {
      return 2;
    }
    return ELIGIBLE;
  }

  private record Ranked(DriverState driver, double key, int stage) {
    Near near() {
      return new Near(driver, NearestDriverPolicy.distanceFromKey(key));
    }
  }

  private static final Comparator<Ranked> BY_KEY =
      Comparator.comparingDouble(Ranked::key).thenComparing(r -> r.driver().driver().driverId());

  /** The {@code capacity} smallest keys offered, by a heap with the largest kept on top. */
  private static final class Kept {
    private final int capacity;
    private final PriorityQueue<Ranked> largestOnTop;

    Kept(int capacity) {
      this.capacity = capacity;
      this.largestOnTop = new PriorityQueue<>(Math.max(1, capacity + 1), BY_KEY.reversed());
    }

    void offer(DriverColumns drivers, int slot, double key, int stage) {
      if (capacity <= 0) {
        return;
      }
      if (largestOnTop.size() < capacity) {
        largestOnTop.add(new Ranked(drivers.driver(slot), key, stage));
        return;
      }
      Ranked top = largestOnTop.peek();
      // Most drivers of a big zone are farther than all kept: decided from the columns alone.
      if (key > top.key()) {
        return;
      }
      Ranked candidate = new Ranked(drivers.driver(slot), key, stage);
      if (BY_KEY.compare(candidate, top) < 0) {
        largestOnTop.poll();
        largestOnTop.add(candidate);
      }
    }

    /** Nearest first, ties by driver id, as decisions have always ordered them. */
    List<Near> nearestFirst() {
      List<Near> out = new ArrayList<>(largestOnTop.size());
      largestOnTop.forEach(r -> out.add(r.near()));
      out.sort(
          Comparator.comparingDouble(Near::distanceM)
              .thenComparing(n -> n.driver().driver().driverId()));
      return List.copyOf(out);
    }

    /** The decision log's candidates: by distance rounded to 0.1 m, then id. */
    List<AuditCandidate> auditCandidates() {
      return largestOnTop.stream()
          .map(
              r -> {
                double distance = NearestDriverPolicy.distanceFromKey(r.key());
                return new AuditCandidate(
                    r.driver().driver().driverId(),
                    Math.round(distance * 10) / 10.0,
                    r.stage() == ELIGIBLE ? NearestDriverPolicy.score(distance) : null,
                    r.stage() == ELIGIBLE ? null : STOPPED_AT[r.stage()]);
              })
          .sorted(
              Comparator.comparingDouble(AuditCandidate::distanceM)
                  .thenComparing(AuditCandidate::driverId))
          .toList();
    }
  }
}
