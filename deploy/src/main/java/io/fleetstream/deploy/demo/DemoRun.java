package io.fleetstream.deploy.demo;

import io.fleetstream.connectors.kafka.EventConsumer;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.KafkaClientSettings;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.events.JobData;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Feeds the demo fleet into a running stack and prints the decisions as they stream out. */
public final class DemoRun {

  private final String bootstrapServers;
  private final DemoFleet fleet;
  private final PrintWriter out;
  private final Duration timeout;
  private final SecretSeal webhookSeal;
  private final Map<String, Instant> decidedAt = new HashMap<>();
  private final Map<String, Instant> sentAt = new HashMap<>();
  private final Map<String, String> placeOf = new HashMap<>();
  private final Map<String, String> assignedTo = new LinkedHashMap<>();
  private final Set<String> unassigned = new HashSet<>();
  private int deadLetters;
  private Instant start;

  /**
   * @param webhookSeal seals the demo receiver's secret like the stack's bridge does; null when the
   *     stack delivers no webhooks
   */
  public DemoRun(
      String bootstrapServers,
      DemoFleet fleet,
      PrintWriter out,
      Duration timeout,
      SecretSeal webhookSeal) {
    this.bootstrapServers = bootstrapServers;
    this.fleet = fleet;
    this.out = out;
    this.timeout = timeout;
    this.webhookSeal = webhookSeal;
  }

  /**
   * Runs the script; returns true when every expected decision (and, with webhooks, every
   * assignment's signed delivery) was seen in time.
   */
  public boolean run() throws Exception {
    start = Instant.now();
    DemoWebhooks hooks = null;
    if (webhookSeal != null) {
      hooks = DemoWebhooks.start(bootstrapServers, webhookSeal, fleet.tenant());
      say("a webhook receiver listens at %s for job.assigned", hooks.url());
    }
    try (DemoWebhooks subscriber = hooks) {
      return script(subscriber);
    }
  }

  private boolean script(DemoWebhooks hooks) throws Exception {
    try (EventConsumer decisions =
            new EventConsumer(bootstrapServers, Topic.ASSIGNMENTS, Topic.DLQ);
        EventProducer producer = new EventProducer(bootstrapServers)) {
      say("%d drivers start their shift", fleet.drivers().size());
      fleet.drivers().forEach(producer::send);
      producer.flush();
      // Drivers and jobs travel on different topics: a job that overtakes the drivers simply waits
      // (NO_DRIVER) and is decided when they arrive. A short pause keeps the story simple.
      pollFor(decisions, Duration.ofSeconds(1));

      say("%d service calls come in", fleet.jobs().size());
      for (CloudEvent job : fleet.jobs()) {
        send(producer, job);
        pollFor(decisions, Duration.ofMillis(150));
      }
      say("a gas-leak call comes in; nobody is certified for gas yet");
      send(producer, fleet.gasJob());
      say("an upstream system sends a garbled record");
      sendBroken();

      int expectedAssigned = fleet.jobs().size();
      if (!await(
          decisions,
          () ->
              assignedTo.size() >= expectedAssigned
                  && unassigned.contains(DemoFleet.GAS_JOB)
                  && deadLetters >= 1)) {
        return false;
      }
      say("Inès gets her gas certificate (driver updated): the planner decides again at once");
      producer.send(fleet.inesLearnsGas());
      producer.flush();
      if (!await(decisions, () -> assignedTo.containsKey(DemoFleet.GAS_JOB))) {
        return false;
      }
    }
    if (hooks != null && !awaitWebhooks(hooks)) {
      return false;
    }
    out.printf(
        "%nsummary: %d jobs assigned, %d waited for a skill, %d record rejected, in %.1f s%n",
        assignedTo.size(),
        unassigned.size(),
        deadLetters,
        Duration.between(start, Instant.now()).toMillis() / 1000.0);
    return true;
  }

  /** Every assigned job's {@code job.assigned} at the receiver, signed with its secret. */
  private boolean awaitWebhooks(DemoWebhooks hooks) throws InterruptedException {
    say("the subscriber's receiver hears of every assignment (signed, Standard Webhooks)");
    Set<String> printed = new HashSet<>();
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      for (DemoWebhooks.Arrival a : hooks.arrivals()) {
        if (printed.add(a.id())) {
          Instant decided = decidedAt.get(a.jobId());
          out.printf(
              "  %-24s %s  signature %s%s%n",
              a.jobId(),
              a.event(),
              a.signatureValid() ? "verified" : "INVALID",
              decided == null
                  ? ""
                  : String.format(
                      "  [%d ms after the decision]",
                      Duration.between(decided, a.at()).toMillis()));
          out.flush();
        }
      }
      Set<String> delivered = new HashSet<>();
      hooks.arrivals().stream()
          .filter(DemoWebhooks.Arrival::signatureValid)
          .forEach(a -> delivered.add(a.jobId()));
      if (delivered.containsAll(assignedTo.keySet())) {
        return true;
      }
      if (Instant.now().isAfter(deadline)) {
        out.printf(
            "%ntimed out after %d s waiting for webhooks (%d of %d delivered)%n",
            timeout.toSeconds(), delivered.size(), assignedTo.size());
        return false;
      }
      Thread.sleep(100);
    }
  }

  private void send(EventProducer producer, CloudEvent job) {
    JobData data = job.data(JobData.class);
    sentAt.put(data.jobId(), Instant.now());
    placeOf.put(data.jobId(), data.location().address());
    producer.send(job);
    producer.flush();
  }

  private void sendBroken() throws Exception {
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            KafkaClientSettings.producer(bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer())) {
      raw.send(
              new ProducerRecord<>(
                  Topic.JOBS.topicName(), fleet.tenant() + "/job_broken", fleet.brokenRecord()))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private void pollFor(EventConsumer decisions, Duration duration) {
    Instant until = Instant.now().plus(duration);
    while (Instant.now().isBefore(until)) {
      decisions.poll(Duration.ofMillis(50)).forEach(this::printIfOurs);
    }
  }

  private boolean await(EventConsumer decisions, BooleanSupplier done) {
    Instant deadline = Instant.now().plus(timeout);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        out.printf(
            "%ntimed out after %d s waiting for decisions (%d assigned so far)%n",
            timeout.toSeconds(), assignedTo.size());
        return false;
      }
      decisions.poll(Duration.ofMillis(200)).forEach(this::printIfOurs);
    }
    return true;
  }

  /** Other tenants may share the stack: show only this demo's decisions and dead letters. */
  private void printIfOurs(EventConsumer.Consumed c) {
    CloudEvent event = c.event();
    if (event == null) {
      return;
    }
    boolean ours =
        fleet.tenant().equals(event.tenant())
            || (event.eventType() == EventType.DLQ_REJECTED
                && event.data(DlqData.class).sourceKey() != null
                && event.data(DlqData.class).sourceKey().startsWith(fleet.tenant() + "/"));
    if (ours) {
      print(event);
    }
  }

  private void print(CloudEvent event) {
    switch (event.eventType()) {
      case ASSIGNMENT_ASSIGNED -> {
        AssignmentData a = event.data(AssignmentData.class);
        if (assignedTo.put(a.jobId(), a.driverId()) == null) {
          decidedAt.put(a.jobId(), Instant.now());
          int candidates = a.candidates() == null ? 0 : a.candidates();
          out.printf(
              "  %-24s → %-10s score %5.1f  %5.2f km  %d %s in zone  (%s)%s%n",
              a.jobId(),
              a.driverId(),
              a.score(),
              a.distanceM() / 1000.0,
              candidates,
              candidates == 1 ? "driver" : "drivers",
              placeOf.getOrDefault(a.jobId(), "?"),
              latency(a.jobId()));
        }
      }
      case ASSIGNMENT_UNASSIGNED -> {
        AssignmentData a = event.data(AssignmentData.class);
        unassigned.add(a.jobId());
        out.printf(
            "  %-24s ✗ waiting: %s%s%n", a.jobId(), a.unassignedReason(), latency(a.jobId()));
      }
      case DLQ_REJECTED -> {
        DlqData d = event.data(DlqData.class);
        deadLetters++;
        out.printf(
            "  dead letter from %s: %s at '%s' — %s%n",
            d.sourceTopic(), d.errorCode(), d.errorPath(), d.errorMessage());
      }
      default -> {}
    }
    out.flush();
  }

  private String latency(String jobId) {
    Instant sent = sentAt.remove(jobId);
    return sent == null
        ? ""
        : String.format(
            "  [%d ms after the call]", Duration.between(sent, Instant.now()).toMillis());
  }

  private void say(String format, Object... args) {
    out.printf(
        "%n+%4.1fs  %s%n",
        Duration.between(start, Instant.now()).toMillis() / 1000.0, String.format(format, args));
    out.flush();
  }
}
