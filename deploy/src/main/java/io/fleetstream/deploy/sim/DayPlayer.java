package io.fleetstream.deploy.sim;

import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.TimeWindow;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Plays a {@link Day} through a running stack in real time, as its field-service system and its
 * drivers' phones would: each job is created when it arrives, drivers drive Monaco's roads to the
 * jobs the live planner gives them — in the order the planner's route puts them (the driver state's
 * next job) — serve them and report it, and ping every two seconds. It measures what those live
 * decisions cost: driving, late starts, jobs not served when the day is over.
 */
public final class DayPlayer {

  /** The dispatch zone of every driver and job of the day: one zone, as in the hindsight plan. */
  static final String ZONE = "monaco-day";

  private static final Duration PING_INTERVAL = Duration.ofSeconds(2);
  private static final String SOURCE = "/fleetstream/bench-online";

  private final Day day;
  private final String tenant;
  private final PathPlanner paths;
  private final String bootstrapServers;
  private final PrintWriter out;
  private final Map<String, SimDriver> drivers = new LinkedHashMap<>();
  private final Map<String, Day.Job> known = new HashMap<>();
  private final Map<String, String> assignedTo = new HashMap<>();
  private final Map<String, String> nextJob = new HashMap<>();
  private final Map<String, Duration> startedAt = new HashMap<>();
  private final Map<String, String> waiting = new TreeMap<>();
  private Instant dayStart;
  private int late;
  private int turnedAround;
  private int moved;

  public DayPlayer(
      Day day, String tenant, PathPlanner paths, String bootstrapServers, PrintWriter out) {
    this.day = day;
    this.tenant = tenant;
    this.paths = paths;
    this.bootstrapServers = bootstrapServers;
    this.out = out;
  }

  /** Plays the day until every job is served or the day's horizon has passed. */
  public DayOutcome play() throws InterruptedException {
    try (EventProducer producer = new EventProducer(bootstrapServers);
        EventConsumer decisions =
            EventConsumer.fromNow(
                bootstrapServers, Duration.ofSeconds(60), Topic.ASSIGNMENTS, Topic.DRIVER_STATE)) {
      dayStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      startShifts(producer);
      int arrived = 0;
      Duration nextReport = Duration.ofSeconds(30);
      while (startedAt.size() < day.jobs().size()) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Duration elapsed = Duration.between(dayStart, now);
        if (elapsed.compareTo(day.horizon()) >= 0) {
          break;
        }
        while (arrived < day.jobs().size()
            && day.jobs().get(arrived).arrival().compareTo(elapsed) <= 0) {
          createJob(producer, day.jobs().get(arrived++), now);
        }
        decisions.poll(Duration.ofMillis(200)).forEach(c -> follow(c.event()));
        for (SimDriver driver : drivers.values()) {
          advance(driver, producer, now);
        }
        producer.flush();
        if (elapsed.compareTo(nextReport) >= 0) {
          nextReport = nextReport.plusSeconds(30);
          out.printf(
              "  seed %d %5ds  jobs %d/%d arrived, %d assigned, %d served (%d late)%n",
              day.seed(),
              elapsed.toSeconds(),
              arrived,
              day.jobs().size(),
              assignedTo.size(),
              startedAt.size(),
              late);
          out.flush();
        }
      }
    }
    out.printf(
        "  seed %d live: %d of %d jobs served (%d late); %d times a job went to another driver,"
            + " %d drives cut short by it; waiting for a driver at the end: %s%n",
        day.seed(),
        startedAt.size(),
        day.jobs().size(),
        late,
        moved,
        turnedAround,
        waiting.isEmpty()
            ? "none"
            : waiting.values().stream()
                .collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting())));
    out.flush();
    double metres = 0;
    double seconds = 0;
    for (SimDriver d : drivers.values()) {
      if (d.phase == SimDriver.Phase.DRIVING) {
        d.endLeg(); // the day ended on the road: what was driven still counts
      }
      metres += d.drivenMetres;
      seconds += d.drivenSeconds;
    }
    return new DayOutcome(
        metres,
        seconds,
        startedAt.size(),
        late,
        day.jobs().size() - startedAt.size(),
        moved,
        turnedAround);
  }

  private void startShifts(EventProducer producer) {
    TimeWindow shift =
        new TimeWindow(
            dayStart.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC),
            dayStart.plus(day.horizon()).atOffset(ZoneOffset.UTC));
    for (Day.Driver d : day.drivers()) {
      drivers.put(d.id(), new SimDriver(d.id(), d.start()));
      send(
          producer,
          EventType.DRIVER_CREATED,
          d.id(),
          new DriverData(
              d.id(), null, d.id(), null, d.start(), null, shift, d.skills(), null, ZONE));
    }
    producer.flush();
  }

  private void createJob(EventProducer producer, Day.Job job, Instant now) {
    known.put(job.id(), job);
    Instant windowEnd = dayStart.plus(job.windowEnd());
    send(
        producer,
        EventType.JOB_CREATED,
        job.id(),
        new JobData(
            job.id(),
            null,
            job.location(),
            job.service().toMillis() / 60_000.0,
            job.priority(),
            List.of(
                new TimeWindow(now.atOffset(ZoneOffset.UTC), windowEnd.atOffset(ZoneOffset.UTC))),
            job.skills(),
            "repair",
            ZONE));
  }

  /** Follows the planner: a job goes into its driver's queue or leaves it; the route's next job. */
  private void follow(CloudEvent event) {
    if (event == null || !tenant.equals(event.tenant())) {
      return;
    }
    switch (event.eventType()) {
      case ASSIGNMENT_ASSIGNED, ASSIGNMENT_UNASSIGNED -> {
        AssignmentData a = event.data(AssignmentData.class);
        if (!known.containsKey(a.jobId()) || startedAt.containsKey(a.jobId())) {
          return; // not ours, or already begun: a started job stays with whoever started it
        }
        if (a.driverId() == null) {
          waiting.put(a.jobId(), a.unassignedReason());
        } else {
          waiting.remove(a.jobId());
        }
        String previous =
            a.driverId() == null
                ? assignedTo.remove(a.jobId())
                : assignedTo.put(a.jobId(), a.driverId());
        if (previous != null && a.driverId() != null && !previous.equals(a.driverId())) {
          moved++;
        }
        if (previous != null
            && !previous.equals(a.driverId())
            && drivers.get(previous).loseJob(a.jobId())) {
          turnedAround++;
        }
        if (a.driverId() != null && !a.driverId().equals(previous)) {
          drivers.get(a.driverId()).queue.add(a.jobId());
        }
      }
      case DRIVER_STATE_UPDATED -> {
        DriverStateData s = event.data(DriverStateData.class);
        if (s.nextJobId() == null) {
          nextJob.remove(s.driverId());
        } else {
          nextJob.put(s.driverId(), s.nextJobId());
        }
      }
      default -> {}
    }
  }

  private void advance(SimDriver driver, EventProducer producer, Instant now) {
    switch (driver.phase) {
      case IDLE -> {
        String next = pickNext(driver);
        if (next != null) {
          leaveFor(driver, next, now);
        }
      }
      case DRIVING -> {
        boolean arrived = driver.driveTo(now);
        String planned = nextJob.get(driver.id);
        if (!arrived
            && planned != null
            && !planned.equals(driver.currentJob)
            && driver.queue.contains(planned)) {
          // The planner put a stop on the way before the one the driver is driving to: they
          // follow their app and go there first; the other job stays theirs, for later.
          driver.endLeg();
          driver.queue.addFirst(driver.currentJob);
          leaveFor(driver, planned, now);
        } else if (arrived) {
          driver.endLeg();
          Day.Job job = known.get(driver.currentJob);
          Duration at = Duration.between(dayStart, now);
          startedAt.put(job.id(), at);
          if (at.compareTo(job.windowEnd()) > 0) {
            late++;
          }
          send(
              producer,
              EventType.JOB_STARTED,
              job.id(),
              new JobStatusData(job.id(), driver.id, now, null, null));
          driver.serveUntil = now.plus(job.service());
          driver.phase = SimDriver.Phase.SERVING;
        }
      }
      case SERVING -> {
        if (!now.isBefore(driver.serveUntil)) {
          String id = driver.currentJob;
          send(
              producer,
              EventType.JOB_COMPLETED,
              id,
              new JobStatusData(id, driver.id, now, null, null));
          driver.currentJob = null;
          driver.phase = SimDriver.Phase.IDLE;
        }
      }
      default -> {}
    }
    if (Duration.between(driver.lastPing, now).compareTo(PING_INTERVAL) >= 0) {
      driver.lastPing = now;
      send(producer, EventType.TELEMETRY_PING, driver.id, driver.ping(now));
    }
  }

  /** The driver sets off from where they are to {@code jobId}, taken from their queue. */
  private void leaveFor(SimDriver driver, String jobId, Instant now) {
    driver.queue.remove(jobId);
    driver.currentJob = jobId;
    driver.path = paths.plan(driver.position, known.get(jobId).location());
    driver.legStart = now;
    driver.legFraction = 0;
    driver.phase = SimDriver.Phase.DRIVING;
  }

  /** The planner's next stop for this driver when it is theirs; else the most pressing one. */
  private String pickNext(SimDriver driver) {
    String planned = nextJob.get(driver.id);
    if (planned != null && driver.queue.contains(planned)) {
      return planned;
    }
    return driver.queue.stream()
        .min(Comparator.comparing((String id) -> known.get(id).windowEnd()))
        .orElse(null);
  }

  private void send(EventProducer producer, EventType type, String key, EventData data) {
    producer.send(CloudEvent.create(type, SOURCE, tenant, key, data));
  }
}
