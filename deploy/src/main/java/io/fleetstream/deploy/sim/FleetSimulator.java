package io.fleetstream.deploy.sim;

import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.TimeWindow;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs a live fleet against a running stack, in real time: it produces jobs, driver updates and
 * telemetry exactly as a field-service system and drivers' phones would, and follows the planner's
 * decisions from the assignments topic (read_committed).
 */
public final class FleetSimulator {

  /** What happened during a run. */
  public record Report(
      int jobsCreated,
      int jobsAssigned,
      int jobsCompleted,
      int jobsFailed,
      long pings,
      double meanAssignmentLatencyMs,
      int slaAtRisk,
      int slaBreached) {}

  private record SimJob(String id, JobData data, double actualMinutes, Instant createdAt) {}

  private static final List<String> SKILLS = List.of("hvac", "plumbing", "electrical");
  private static final List<String> TYPES = List.of("repair", "install", "inspection");
  static final String SOURCE = "/fleetstream/simulator";

  private final SimConfig config;
  private final PathPlanner paths;
  private final Places places;
  private final String bootstrapServers;
  private final PrintWriter out;
  private final Random random;
  private final Map<String, SimDriver> drivers = new LinkedHashMap<>();
  private final Map<String, SimJob> jobs = new HashMap<>();
  private final Map<String, String> assignedTo = new HashMap<>();
  private final List<Double> assignmentLatencies = new ArrayList<>();
  private int completed;
  private int failed;
  private long pings;
  private int atRisk;
  private int breached;

  public FleetSimulator(
      SimConfig config,
      PathPlanner paths,
      Places places,
      String bootstrapServers,
      PrintWriter out) {
    this.config = config;
    this.paths = paths;
    this.places = places;
    this.bootstrapServers = bootstrapServers;
    this.out = out;
    this.random = new Random(config.seed());
  }

  public Report run() throws InterruptedException {
    try (EventProducer producer = new EventProducer(bootstrapServers);
        EventConsumer decisions =
            new EventConsumer(bootstrapServers, Topic.ASSIGNMENTS, Topic.SLA)) {
      Instant start = Instant.now();
      startShifts(producer, start);
      Instant end = start.plus(config.duration());
      Instant nextReport = start.plusSeconds(10);
      double jobsPerTick = config.jobsPerMinute() / 60.0 / 4; // 4 ticks a second
      while (Instant.now().isBefore(end)) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = poisson(jobsPerTick); i > 0; i--) {
          createJob(producer, now);
        }
        decisions.poll(Duration.ofMillis(200)).forEach(c -> follow(c.event(), now));
        for (SimDriver driver : drivers.values()) {
          advance(driver, producer, now);
        }
        producer.flush();
        if (now.isAfter(nextReport)) {
          nextReport = nextReport.plusSeconds(10);
          out.printf(
              "  %4ds  jobs %d created, %d assigned, %d done, %d failed · %,d pings · SLA %d at risk, %d breached%n",
              Duration.between(start, now).toSeconds(),
              jobs.size(),
              assignedTo.size(),
              completed,
              failed,
              pings,
              atRisk,
              breached);
          out.flush();
        }
      }
    }
    double meanLatency =
        assignmentLatencies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    return new Report(
        jobs.size(),
        assignmentLatencies.size(),
        completed,
        failed,
        pings,
        meanLatency,
        atRisk,
        breached);
  }

  private void startShifts(EventProducer producer, Instant now) {
    for (int i = 0; i < config.drivers(); i++) {
      String id = String.format("sim_drv_%02d", i);
      GeoPoint home = places.near(random);
      SimDriver driver = new SimDriver(id, home);
      drivers.put(id, driver);
      List<String> skills = SKILLS.stream().filter(s -> random.nextDouble() < 0.5).toList();
      TimeWindow shift =
          new TimeWindow(
              now.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC),
              now.plus(Duration.ofHours(12)).atOffset(ZoneOffset.UTC));
      send(
          producer,
          EventType.DRIVER_CREATED,
          id,
          new DriverData(id, null, "Driver " + i, null, home, null, shift, skills, 6, null));
    }
    producer.flush();
  }

  private void createJob(EventProducer producer, Instant now) {
    String id = "sim_job_" + now.toEpochMilli() + "_" + random.nextInt(1000);
    double declared = List.of(20.0, 30.0, 45.0).get(random.nextInt(3));
    List<String> skills =
        random.nextDouble() < 0.3 ? List.of(SKILLS.get(random.nextInt(SKILLS.size()))) : List.of();
    Instant windowEnd = now.plus(Duration.ofMinutes(30 + random.nextInt(180)));
    JobData data =
        new JobData(
            id,
            null,
            places.near(random),
            declared,
            1 + random.nextInt(5),
            List.of(
                new TimeWindow(now.atOffset(ZoneOffset.UTC), windowEnd.atOffset(ZoneOffset.UTC))),
            skills,
            TYPES.get(random.nextInt(TYPES.size())),
            null);
    // Real jobs run a little longer than declared, with spread, and now and then far longer.
    double actual =
        declared
            * config.serviceScale()
            * Math.exp(0.1 + 0.2 * random.nextGaussian())
            * (random.nextDouble() < config.overrunRate() ? 3 : 1);
    jobs.put(id, new SimJob(id, data, actual, now));
    send(producer, EventType.JOB_CREATED, id, data);
  }

  /** Follows the planner: a job goes into its driver's queue, or leaves one. */
  private void follow(CloudEvent event, Instant now) {
    if (event == null || !config.tenant().equals(event.tenant())) {
      return;
    }
    switch (event.eventType()) {
      case ASSIGNMENT_ASSIGNED, ASSIGNMENT_UNASSIGNED -> {
        AssignmentData a = event.data(AssignmentData.class);
        SimJob job = jobs.get(a.jobId());
        if (job == null) {
          return;
        }
        String previous =
            a.driverId() == null
                ? assignedTo.remove(a.jobId())
                : assignedTo.put(a.jobId(), a.driverId());
        if (previous != null && !previous.equals(a.driverId())) {
          drivers.get(previous).loseJob(a.jobId());
        }
        if (a.driverId() != null && (previous == null || !previous.equals(a.driverId()))) {
          drivers.get(a.driverId()).queue.add(a.jobId());
          if (previous == null) {
            assignmentLatencies.add((double) Duration.between(job.createdAt(), now).toMillis());
          }
        }
      }
      case SLA_AT_RISK -> atRisk++;
      case SLA_BREACHED -> breached++;
      default -> {}
    }
  }

  private void advance(SimDriver driver, EventProducer producer, Instant now) {
    switch (driver.phase) {
      case IDLE -> {
        String next = driver.queue.poll();
        if (next != null && jobs.containsKey(next)) {
          driver.currentJob = next;
          driver.path = paths.plan(driver.position, jobs.get(next).data().location());
          driver.legStart = now;
          driver.phase = SimDriver.Phase.DRIVING;
        }
      }
      case DRIVING -> {
        if (driver.driveTo(now)) {
          SimJob job = jobs.get(driver.currentJob);
          send(
              producer,
              EventType.JOB_STARTED,
              job.id(),
              new JobStatusData(job.id(), driver.id, now, null, null));
          driver.serveUntil = now.plusMillis(Math.round(job.actualMinutes() * 60_000));
          driver.phase = SimDriver.Phase.SERVING;
        }
      }
      case SERVING -> {
        if (!now.isBefore(driver.serveUntil)) {
          SimJob job = jobs.get(driver.currentJob);
          boolean fails = random.nextDouble() < config.failureRate();
          send(
              producer,
              fails ? EventType.JOB_FAILED : EventType.JOB_COMPLETED,
              job.id(),
              new JobStatusData(
                  job.id(), driver.id, now, fails ? "customer not home" : null, null));
          if (fails) {
            failed++;
          } else {
            completed++;
          }
          driver.currentJob = null;
          driver.phase = SimDriver.Phase.IDLE;
        }
      }
      default -> {}
    }
    if (Duration.between(driver.lastPing, now).compareTo(config.pingInterval()) >= 0) {
      driver.lastPing = now;
      pings++;
      send(producer, EventType.TELEMETRY_PING, driver.id, driver.ping(now));
    }
  }

  private void send(EventProducer producer, EventType type, String key, EventData data) {
    producer.send(CloudEvent.create(type, SOURCE, config.tenant(), key, data));
  }

  private int poisson(double mean) {
    double limit = Math.exp(-mean);
    double p = random.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= random.nextDouble();
      k++;
    }
    return k;
  }
}
