package io.fleetstream.bridge.internal.views;

import io.fleetstream.bridge.internal.store.KeyValueStore;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.ApiCallData;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DurationModelData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the audit topic holds, as the API reads it: each job's decision log and the account's
 * decisions by time, the account's state-changing API calls, and the latest learned durations.
 * Entries leave with the topic's retention.
 */
public final class AuditViews {

  static final List<String> TABLES =
      List.of("decisions", "decisions_by_time", "api_calls", "duration_models", "expiry_audit");

  /** The duration model's key for a job type's estimate over all drivers. */
  private static final String ALL_DRIVERS = "*";

  private final Table decisions;
  private final Table decisionsByTime;
  private final Table apiCalls;
  private final Table durationModels;
  private final Expiry expiry;
  private final Entries entries;

  AuditViews(KeyValueStore db, Entries entries) {
    this.decisions = db.table("decisions");
    this.decisionsByTime = db.table("decisions_by_time");
    this.apiCalls = db.table("api_calls");
    this.durationModels = db.table("duration_models");
    this.expiry =
        new Expiry(
            db.table("expiry_audit"),
            Map.of(
                "decisions", decisions,
                "decisions_by_time", decisionsByTime,
                "api_calls", apiCalls));
    this.entries = entries;
  }

  // ---- reads -------------------------------------------------------------------------------

  /** A job's decision log, oldest first, starting after cursor {@code after}. */
  public Table.Page<DecisionView> decisions(String tenant, String jobId, String after, int limit) {
    return decisions.scan(tenant + "/" + jobId + "/", after, limit, DecisionView.class, d -> true);
  }

  /**
   * The account's decisions made in {@code [from, to)}, oldest first, starting after cursor {@code
   * after}; {@code keep} filters (by driver, say) without ending the page early.
   */
  public Table.Page<DecisionView> decisions(
      String tenant,
      Instant from,
      Instant to,
      String after,
      int limit,
      Predicate<DecisionView> keep) {
    return inRange(decisionsByTime, tenant, from, to, after, limit, DecisionView.class, keep);
  }

  /**
   * The account's state-changing API calls in {@code [from, to)}, oldest first, starting after
   * cursor {@code after}.
   */
  public Table.Page<ApiCallView> apiCalls(
      String tenant,
      Instant from,
      Instant to,
      String after,
      int limit,
      Predicate<ApiCallView> keep) {
    return inRange(apiCalls, tenant, from, to, after, limit, ApiCallView.class, keep);
  }

  /**
   * The learned duration of a job type for one driver ({@code driverId}) or for all drivers (null),
   * as the dispatch job last published it.
   */
  public Optional<DurationModelData> durationModel(String tenant, String jobType, String driverId) {
    return durationModels.get(
        tenant + "/" + jobType + "/" + (driverId == null ? ALL_DRIVERS : driverId),
        DurationModelData.class);
  }

  /** A page of a time-ordered index: entries in {@code [from, to)}, after the cursor if any. */
  private static <T> Table.Page<T> inRange(
      Table index,
      String tenant,
      Instant from,
      Instant to,
      String after,
      int limit,
      Class<T> type,
      Predicate<T> keep) {
    String start =
        after != null ? after : String.format("%019d", Math.max(0, from.toEpochMilli() - 1));
    return index.scanUntil(
        tenant + "/", start, String.format("%019d", to.toEpochMilli()), limit, type, keep);
  }

  // ---- folding -----------------------------------------------------------------------------

  void apply(CloudEvent e) {
    if (e.data() instanceof DurationModelData model) {
      String driverKey = model.driverId() == null ? ALL_DRIVERS : model.driverId();
      entries.update(
          durationModels,
          e.tenant() + "/" + model.jobType() + "/" + driverKey,
          DurationModelData.class,
          null,
          current -> current == null || model.version() > current.version() ? model : current);
    } else if (e.data() instanceof ApiCallData call) {
      ApiCallView view = new ApiCallView(DecisionView.cursorOf(call.at(), e.id()), call);
      String key = e.tenant() + "/" + view.cursor();
      apiCalls.put(key, view);
      expiry.expiresWith(call.at(), "api_calls", key);
    } else if (e.data() instanceof AuditDecisionData d && d.jobId() != null) {
      Instant at = d.decidedAt() != null ? d.decidedAt() : e.time();
      DecisionView view = new DecisionView(DecisionView.cursorOf(at, d.decisionEventId()), d);
      String byJob = e.tenant() + "/" + d.jobId() + "/" + view.cursor();
      String byTime = e.tenant() + "/" + view.cursor();
      // Keyed by time and decision id: a record read twice lands on the same entries.
      decisions.put(byJob, view);
      decisionsByTime.put(byTime, view);
      expiry.expiresWith(at, "decisions", byJob);
      expiry.expiresWith(at, "decisions_by_time", byTime);
    }
  }

  /**
   * Drops decisions and API calls older than {@code cutoff} (the audit topic keeps 30 days, so a
   * rebuilt view holds no more either); returns how many entries.
   */
  public int purgeBefore(Instant cutoff) {
    return expiry.purgeBefore(cutoff);
  }
}
