package io.fleetstream.bridge.internal.views;

import io.fleetstream.bridge.internal.store.KeyValueStore;
import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.SimulationRequestData;
import io.fleetstream.schemas.events.SimulationResultData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What-ifs as the simulations topic holds them: each run's request and its first answer (a run
 * re-read after a restart of the job may be answered again, as expired; the first answer stands).
 * Entries leave with the topic's retention.
 */
public final class SimulationViews {

  static final List<String> TABLES = List.of("simulations", "expiry_simulations");

  /** A what-if: what was asked and, once the job has answered, the answer. */
  public record SimulationView(
      String tenant, String id, SimulationRequestData request, SimulationResultData result) {

    public boolean done() {
      return result != null;
    }
  }

  /** Completes waiting what-ifs by run id. */
  public static final class SimulationWaiters extends Waiters<SimulationResultData> {
    public SimulationWaiters() {
      super(Topic.SIMULATIONS, SimulationResultData.class, SimulationResultData::runId);
    }
  }

  private final Table simulations;
  private final Expiry expiry;
  private final Entries entries;

  SimulationViews(KeyValueStore db, Entries entries) {
    this.simulations = db.table("simulations");
    this.expiry = new Expiry(db.table("expiry_simulations"), Map.of("simulations", simulations));
    this.entries = entries;
  }

  public Optional<SimulationView> get(String tenant, String id) {
    return simulations.get(tenant + "/" + id, SimulationView.class);
  }

  void apply(CloudEvent e) {
    if (e.data() instanceof SimulationRequestData r) {
      String key = e.tenant() + "/" + r.runId();
      entries.update(
          simulations,
          key,
          SimulationView.class,
          null,
          v ->
              v == null
                  ? new SimulationView(e.tenant(), r.runId(), r, null)
                  : v.request() == null
                      ? new SimulationView(v.tenant(), v.id(), r, v.result())
                      : v);
      expiry.expiresWith(r.requestedAt() != null ? r.requestedAt() : e.time(), "simulations", key);
    } else if (e.data() instanceof SimulationResultData a) {
      entries.update(
          simulations,
          e.tenant() + "/" + a.runId(),
          SimulationView.class,
          null,
          v ->
              v == null
                  ? new SimulationView(e.tenant(), a.runId(), null, a)
                  : v.result() == null
                      ? new SimulationView(v.tenant(), v.id(), v.request(), a)
                      : v);
    }
  }

  /** Drops what-ifs asked before {@code cutoff}; returns how many entries. */
  public int purgeBefore(Instant cutoff) {
    return expiry.purgeBefore(cutoff);
  }
}
