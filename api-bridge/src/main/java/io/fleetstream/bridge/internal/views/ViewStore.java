package io.fleetstream.bridge.internal.views;

import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.store.KeyValueStore;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.DeliveryData;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.EmergencyDispatchData;
import io.fleetstream.schemas.events.EtaData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.JobStatusData;
import io.fleetstream.schemas.events.LockData;
import io.fleetstream.schemas.events.ManualAssignData;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.events.PlanData;
import io.fleetstream.schemas.events.PlanRoute;
import io.fleetstream.schemas.events.PlanStop;
import io.fleetstream.schemas.events.SlaData;
import io.fleetstream.schemas.events.WebhookEventData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The per-tenant read views (jobs, drivers, optimization runs, routes, webhook delivery attempts)
 * in their own RocksDB under {@code <data-dir>/views}, with the Kafka offsets they reflect.
 * Deleting that directory is always safe: the views are rebuilt from the log. Keys are {@code
 * tenant/id}, so a tenant's reads never see another tenant's entries.
 */
public final class ViewStore implements AutoCloseable {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  static final List<String> TABLES =
      Stream.of(
              List.of(
                  "jobs",
                  "drivers",
                  "runs",
                  "routes",
                  "deliveries",
                  "webhook_events",
                  "expiry",
                  "offsets",
                  "sla_risk",
                  "driver_jobs",
                  "driver_external_ids"),
              AuditViews.TABLES,
              DriverHistory.TABLES,
              SimulationViews.TABLES)
          .flatMap(List::stream)
          .toList();

  /** Which secondary indexes the store holds; a lower stored number means: fill the new ones. */
  private static final int INDEX_VERSION = 2;

  private static final String INDEX_VERSION_KEY = "_indexes";

  private final KeyValueStore db;
  private final Table jobs;
  private final Table drivers;
  private final Table runs;
  private final Table routes;
  private final Table deliveries;
  private final Table webhookEvents;
  private final Expiry expiry;
  private final Table offsets;
  private final JobIndexes indexes;
  private final Table driverExternalIds;
  private final Entries entries = new Entries();
  private final AuditViews audit;
  private final DriverHistory history;
  private final SimulationViews simulations;

  public ViewStore(Path dir) {
    this.db = KeyValueStore.open(dir, TABLES);
    this.jobs = db.table("jobs");
    this.drivers = db.table("drivers");
    this.runs = db.table("runs");
    this.routes = db.table("routes");
    this.deliveries = db.table("deliveries");
    this.webhookEvents = db.table("webhook_events");
    this.expiry =
        new Expiry(
            db.table("expiry"), Map.of("deliveries", deliveries, "webhook_events", webhookEvents));
    this.offsets = db.table("offsets");
    this.driverExternalIds = db.table("driver_external_ids");
    this.indexes = new JobIndexes(db.table("sla_risk"), db.table("driver_jobs"));
    this.audit = new AuditViews(db, entries);
    this.history = new DriverHistory(db, entries);
    this.simulations = new SimulationViews(db, entries);
    backfillIndexes();
  }

  /**
   * Indexes added after a store was first built are filled from what it holds, once: the topics'
   * offsets are already past the events that made the entries.
   */
  private void backfillIndexes() {
    if (offsets.get(INDEX_VERSION_KEY, Integer.class).orElse(0) >= INDEX_VERSION) {
      return;
    }
    String after = null;
    for (Table.Page<JobView> page = jobs.scan("", null, 1000, JobView.class, v -> true);
        !page.items().isEmpty();
        page = jobs.scan("", after, 1000, JobView.class, v -> true)) {
      for (JobView v : page.items()) {
        indexes.changed(v.tenant(), v.id(), null, v);
        after = v.tenant() + "/" + v.id();
      }
      if (!page.more()) {
        break;
      }
    }
    after = null;
    for (Table.Page<DriverView> page = drivers.scan("", null, 1000, DriverView.class, v -> true);
        !page.items().isEmpty();
        page = drivers.scan("", after, 1000, DriverView.class, v -> true)) {
      for (DriverView d : page.items()) {
        if (d.driver() != null && d.driver().externalId() != null) {
          driverExternalIds.put(key(d.tenant(), d.driver().externalId()), d.id());
        }
        after = d.tenant() + "/" + d.id();
      }
      if (!page.more()) {
        break;
      }
    }
    offsets.put(INDEX_VERSION_KEY, INDEX_VERSION);
  }

  // ---- reads -------------------------------------------------------------------------------

  public Optional<JobView> job(String tenant, String id) {
    return jobs.get(key(tenant, id), JobView.class).filter(JobView::exists);
  }

  public Table.Page<JobView> jobs(String tenant, String after, int limit, Predicate<JobView> keep) {
    return jobs.scan(tenant + "/", after, limit, JobView.class, j -> j.exists() && keep.test(j));
  }

  public Optional<DriverView> driver(String tenant, String id) {
    return drivers.get(key(tenant, id), DriverView.class).filter(DriverView::visible);
  }

  public Table.Page<DriverView> drivers(String tenant, String after, int limit) {
    return drivers(tenant, after, limit, d -> true);
  }

  public Table.Page<DriverView> drivers(
      String tenant, String after, int limit, Predicate<DriverView> keep) {
    return drivers.scan(
        tenant + "/", after, limit, DriverView.class, d -> d.visible() && keep.test(d));
  }

  /** True when the driver existed and was deleted (its id is not to be reused). */
  public boolean deletedDriver(String tenant, String id) {
    return drivers
        .get(key(tenant, id), DriverView.class)
        .filter(d -> d.driver() != null && !d.visible())
        .isPresent();
  }

  /** The visible driver whose current external id is {@code externalId}, if any. */
  public Optional<DriverView> driverByExternalId(String tenant, String externalId) {
    return driverExternalIds
        .get(key(tenant, externalId), String.class)
        .flatMap(id -> driver(tenant, id))
        .filter(d -> externalId.equals(d.driver().externalId()));
  }

  public Optional<RunView> run(String tenant, String id) {
    return runs.get(key(tenant, id), RunView.class);
  }

  public Table.Page<RouteView> routes(
      String tenant, String after, int limit, Predicate<RouteView> keep) {
    return routes.scan(tenant + "/", after, limit, RouteView.class, keep);
  }

  public Optional<RouteView> route(String tenant, String id) {
    return routes.get(key(tenant, id), RouteView.class);
  }

  /** An endpoint's delivery attempts, newest first, starting after cursor {@code after}. */
  public Table.Page<DeliveryView> deliveries(
      String tenant, String endpointId, String after, int limit, Predicate<DeliveryView> keep) {
    return deliveries.scan(key(tenant, endpointId) + "/", after, limit, DeliveryView.class, keep);
  }

  /** A webhook event as it was first delivered, while it is kept (for replays). */
  public Optional<WebhookEventView> webhookEvent(String tenant, String eventId) {
    return webhookEvents.get(key(tenant, eventId), WebhookEventView.class);
  }

  /** The account's open jobs predicted late or already late, in no particular order. */
  public List<JobView> jobsAtRisk(String tenant) {
    List<JobView> out = new java.util.ArrayList<>();
    for (String key : indexes.atRiskKeys(tenant)) {
      jobs.get(key, JobView.class).filter(JobIndexes::atRisk).ifPresent(out::add);
    }
    return out;
  }

  /** The driver's open jobs (started ones included), in no particular order. */
  public List<JobView> jobsOf(String tenant, String driverId) {
    List<JobView> out = new java.util.ArrayList<>();
    for (String id : indexes.jobsOf(tenant, driverId)) {
      job(tenant, id).filter(v -> driverId.equals(JobIndexes.holder(v))).ifPresent(out::add);
    }
    return out;
  }

  /** The decision log, API calls and learned durations. */
  public AuditViews audit() {
    return audit;
  }

  /** What-ifs and their answers. */
  public SimulationViews simulations() {
    return simulations;
  }

  /** Each driver's finished jobs per day. */
  public DriverHistory history() {
    return history;
  }

  // ---- folding -----------------------------------------------------------------------------

  /** Applies one event read from (or just written to) {@code topic} at {@code offset}. */
  public void apply(Topic topic, CloudEvent event, long offset) {
    switch (topic) {
      case JOBS -> applyJobEvent(event, offset);
      case DRIVERS -> applyDriverEvent(event, offset);
      case ASSIGNMENTS -> applyAssignment(event, offset);
      case COMMANDS -> applyCommand(event);
      case PLANS -> applyPlan(event);
      case DLQ -> applyDeadLetter(event);
      case ETA -> applyEta(event);
      case SLA -> applySla(event, offset);
      case AUDIT -> audit.apply(event);
      case DELIVERIES -> applyDelivery(event);
      case WEBHOOKS -> applyWebhookEvent(event);
      case SIMULATIONS -> simulations.apply(event);
      default -> {}
    }
  }

  /**
   * Folds a job event this process has just written (at {@code offset}) and returns the job's view
   * after it, so the answer to the write need not read the view back; empty if the event changes no
   * job view.
   */
  public Optional<JobView> applyJobEvent(CloudEvent e, long offset) {
    Instant at = e.time();
    if (e.data() instanceof JobData job) {
      return Optional.of(
          updateJob(
              e.tenant(),
              job.jobId(),
              v -> offset > v.jobOffset() ? v.withJob(job, at, offset) : v));
    } else if (e.data() instanceof JobStatusData status) {
      String lifecycle =
          switch (e.eventType()) {
            case JOB_CANCELLED -> "cancelled";
            case JOB_STARTED -> "started";
            case JOB_COMPLETED -> "completed";
            case JOB_FAILED -> "failed";
            default -> null;
          };
      if (lifecycle != null) {
        JobView[] before = new JobView[1];
        JobView after =
            updateJob(
                e.tenant(),
                status.jobId(),
                v -> {
                  before[0] = v;
                  return offset > v.jobOffset()
                      ? v.withLifecycle(lifecycle, status.reason(), status.driverId(), at, offset)
                      : v;
                });
        if (after != before[0] && before[0].exists()) {
          history.record(
              e.tenant(), e.eventType(), status, before[0], status.at() != null ? status.at() : at);
        }
        return Optional.of(after);
      }
    }
    return Optional.empty();
  }

  private void applyDriverEvent(CloudEvent e, long offset) {
    Instant at = e.time();
    if (e.data() instanceof DriverData driver) {
      if (driver.externalId() != null) {
        driverExternalIds.put(key(e.tenant(), driver.externalId()), driver.driverId());
      }
      update(
          drivers,
          e.tenant(),
          driver.driverId(),
          DriverView.class,
          DriverView.empty(e.tenant(), driver.driverId()),
          v -> offset > v.offset() ? v.withDriver(driver, at, offset) : v);
    } else if (e.data() instanceof io.fleetstream.schemas.events.DriverStatusData status) {
      String lifecycle =
          switch (e.eventType()) {
            case DRIVER_DELETED -> "deleted";
            case DRIVER_SHIFT_ENDED -> "off_shift";
            case DRIVER_SHIFT_STARTED -> "active";
            default -> null;
          };
      if (lifecycle != null) {
        update(
            drivers,
            e.tenant(),
            status.driverId(),
            DriverView.class,
            DriverView.empty(e.tenant(), status.driverId()),
            v -> offset > v.offset() ? v.withLifecycle(lifecycle, at, offset) : v);
      }
    }
  }

  private void applyAssignment(CloudEvent e, long offset) {
    AssignmentData a = e.data(AssignmentData.class);
    updateJob(
        e.tenant(),
        a.jobId(),
        v -> offset > v.assignmentOffset() ? v.withAssignment(a, e.time(), offset) : v);
  }

  private void applyCommand(CloudEvent e) {
    if (e.data() instanceof EmergencyDispatchData emergency) {
      // An emergency may bring a job the jobs topic never saw: the view learns it from the command.
      JobData urgent = emergency.job();
      updateJob(
          e.tenant(),
          urgent.jobId(),
          v -> v.withJob(urgent.withPriority(1), e.time(), v.jobOffset()));
    } else if (e.data() instanceof ManualAssignData assign) {
      updateJob(e.tenant(), assign.jobId(), v -> v.exists() ? v.withLocked(assign.locks()) : v);
    } else if (e.data() instanceof LockData lock) {
      boolean pin = e.eventType() == EventType.DISPATCH_LOCK;
      updateJob(e.tenant(), lock.jobId(), v -> v.exists() ? v.withLocked(pin) : v);
    } else if (e.data() instanceof OptimizeRequestData r) {
      update(
          runs,
          e.tenant(),
          r.runId(),
          RunView.class,
          null,
          existing ->
              existing != null
                  ? (existing.request() == null ? existing.withRequest(r) : existing)
                  : new RunView(
                          e.tenant(),
                          r.runId(),
                          null,
                          "processing",
                          null,
                          null,
                          null,
                          null,
                          null,
                          null,
                          null)
                      .withRequest(r));
    }
  }

  private void applyPlan(CloudEvent e) {
    PlanData plan = e.data(PlanData.class);
    String tenant = e.tenant();
    update(
        runs,
        tenant,
        plan.runId(),
        RunView.class,
        null,
        existing ->
            existing == null
                ? new RunView(
                    tenant,
                    plan.runId(),
                    plan.mode(),
                    plan.status(),
                    plan.correlationId(),
                    null,
                    null,
                    null,
                    null,
                    plan,
                    null)
                : existing.withPlan(plan));
    if (!"commit".equals(plan.mode()) || !"completed".equals(plan.status())) {
      return;
    }
    for (PlanRoute route : plan.routes()) {
      String routeId = routeId(plan.runId(), route.driverId());
      routes.put(
          key(tenant, routeId),
          new RouteView(
              tenant,
              routeId,
              plan.runId(),
              route.driverId(),
              route.stops(),
              route.distanceM(),
              route.durationS(),
              route.polyline(),
              plan.completedAt()));
      for (PlanStop stop : route.stops()) {
        JobView.Planned planned =
            new JobView.Planned(
                plan.runId(),
                routeId,
                route.driverId(),
                stop.arrival(),
                stop.departure(),
                plan.completedAt());
        updateJob(
            tenant,
            stop.jobId(),
            v ->
                v.planned() == null || !plan.completedAt().isBefore(v.planned().planCompletedAt())
                    ? v.withPlanned(planned)
                    : v);
      }
    }
  }

  private void applyEta(CloudEvent e) {
    EtaData eta = e.data(EtaData.class);
    updateJob(
        e.tenant(),
        eta.jobId(),
        v ->
            v.eta() == null || !eta.computedAt().isBefore(v.eta().computedAt())
                ? v.withEta(eta)
                : v);
  }

  private void applySla(CloudEvent e, long offset) {
    SlaData sla = e.data(SlaData.class);
    String status =
        switch (e.eventType()) {
          case SLA_AT_RISK -> "at_risk";
          case SLA_BREACHED -> "breached";
          default -> "ok";
        };
    updateJob(
        e.tenant(),
        sla.jobId(),
        v ->
            v.sla() == null || offset > v.sla().offset()
                ? v.withSla(new JobView.Sla(status, sla, offset))
                : v);
  }

  private void applyDeadLetter(CloudEvent e) {
    DlqData d = e.data(DlqData.class);
    if (d.sourceKey() == null || !d.sourceKey().contains("/")) {
      return;
    }
    String tenant = d.sourceKey().substring(0, d.sourceKey().indexOf('/'));
    String entity = d.sourceKey().substring(d.sourceKey().indexOf('/') + 1);
    boolean aboutAJob =
        Topic.JOBS.topicName().equals(d.sourceTopic())
            || Topic.COMMANDS.topicName().equals(d.sourceTopic());
    if (aboutAJob && !tenant.equals("_unknown")) {
      JobView.DeadLetter dl =
          new JobView.DeadLetter(d.errorCode(), d.errorPath(), d.errorMessage(), d.rejectedAt());
      // A pin the job refused did not happen: the view, which folded the command, takes it back.
      boolean refusedPin = EventType.DISPATCH_LOCK.type().equals(originalType(d));
      // Only a job that exists gets the error (an update of a missing one would create it).
      update(
          jobs,
          tenant,
          entity,
          JobView.class,
          null,
          v -> v == null ? null : (refusedPin ? v.withLocked(false) : v).withLastError(dl));
    }
  }

  /** The CloudEvents type of the record a dead letter keeps, or null if it cannot be read. */
  private static String originalType(DlqData d) {
    try {
      return JSON.readTree(java.util.Base64.getDecoder().decode(d.originalBase64()))
          .path("type")
          .asText(null);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private void applyDelivery(CloudEvent e) {
    if (e.eventType() != EventType.DELIVERY_ATTEMPTED) {
      return;
    }
    DeliveryView d = DeliveryView.of(e.tenant(), e.data(DeliveryData.class));
    // Keyed by time, attempt and delivery: a record read twice lands on the same entry.
    String key = key(e.tenant(), d.attempt().endpointId()) + "/" + d.cursor();
    deliveries.put(key, d);
    expiry.expiresWith(d.attempt().attemptedAt(), "deliveries", key);
  }

  private void applyWebhookEvent(CloudEvent e) {
    if (e.eventType() != EventType.WEBHOOK_EVENT) {
      return; // a replay request is not an event of its own
    }
    WebhookEventData w = e.data(WebhookEventData.class);
    Instant at = w.occurredAt() != null ? w.occurredAt() : e.time();
    String key = key(e.tenant(), e.id());
    webhookEvents.put(
        key, new WebhookEventView(e.id(), w.event(), w.data(), w.sourceEventId(), at));
    expiry.expiresWith(at, "webhook_events", key);
  }

  // ---- expiry ------------------------------------------------------------------------------

  /**
   * Drops delivery attempts and kept webhook events older than {@code cutoff} (the topics they come
   * from keep a week, so a rebuilt view holds no more either); returns how many.
   */
  public int purgeBefore(Instant cutoff) {
    return expiry.purgeBefore(cutoff);
  }

  /** The route id of a driver's route in a run; the same on every replay. */
  public static String routeId(String runId, String driverId) {
    return Ids.derived(Ids.ROUTE, runId, driverId);
  }

  private JobView updateJob(String tenant, String id, UnaryOperator<JobView> change) {
    return update(
        jobs,
        tenant,
        id,
        JobView.class,
        JobView.empty(tenant, id),
        v -> {
          JobView next = change.apply(v);
          // Under the entry's lock, so the indexes and the view change together.
          indexes.changed(tenant, id, v, next);
          return next;
        });
  }

  private <T> T update(
      Table table, String tenant, String id, Class<T> type, T empty, UnaryOperator<T> change) {
    return entries.update(table, key(tenant, id), type, empty, change);
  }

  // ---- offsets ------------------------------------------------------------------------------

  /** The next offset to read of a partition, or -1 if the views have never read it. */
  public long nextOffset(String topic, int partition) {
    return offsets.get(topic + "/" + partition, Long.class).orElse(-1L);
  }

  public void storeNextOffset(String topic, int partition, long next) {
    offsets.put(topic + "/" + partition, next);
  }

  private static String key(String tenant, String id) {
    return tenant + "/" + id;
  }

  @Override
  public void close() {
    db.close();
  }
}
