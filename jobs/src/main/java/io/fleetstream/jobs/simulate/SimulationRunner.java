package io.fleetstream.jobs.simulate;

import io.fleetstream.jobs.internal.ids.EventIds;
import io.fleetstream.jobs.optimize.OptimizeRunner;
import io.fleetstream.jobs.optimize.RoadMap;
import io.fleetstream.routing.matrix.HaversineMatrix;
import io.fleetstream.routing.matrix.MatrixProvider;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.SimulationRequestData;
import io.fleetstream.schemas.events.SimulationResultData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Solves what-ifs off the task thread (Flink Async I/O), one at a time on a thread of its own so a
 * burst of them cannot take the cores the live planner needs. Its only output is the answer on the
 * simulations topic; a what-if in flight at a checkpoint is solved again after a restore, with the
 * same event id.
 */
public final class SimulationRunner extends RichAsyncFunction<SimulationInput, CloudEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SimulationRunner.class);
  static final String SOURCE = "/fleetstream/dispatch-job";

  /** How old a what-if may be when its turn comes. */
  static final Duration MAX_AGE = Duration.ofMinutes(2);

  private final RoadMap roadMap;
  private transient ExecutorService pool;
  private transient Scenarios scenarios;

  /**
   * @param roadMap the road network; null solves on straight lines
   */
  public SimulationRunner(RoadMap roadMap) {
    this.roadMap = roadMap;
  }

  @Override
  public void open(OpenContext openContext) {
    pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fleetstream-simulator");
              t.setDaemon(true);
              return t;
            });
    MatrixProvider matrices = roadMap != null ? roadMap.network() : new HaversineMatrix(1.3, 30);
    scenarios = new Scenarios(matrices);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Override
  public void asyncInvoke(SimulationInput input, ResultFuture<CloudEvent> result) {
    pool.submit(
        () -> {
          SimulationResultData answer;
          try {
            answer = expired(input.request());
            if (answer == null) {
              answer = scenarios.run(input);
            }
          } catch (RuntimeException | Error e) {
            LOG.warn("simulation {} failed", input.request().id(), e);
            answer = failed(input.request(), "the simulation failed: " + e.getMessage());
          }
          result.complete(List.of(event(input.request(), answer)));
        });
  }

  @Override
  public void timeout(SimulationInput input, ResultFuture<CloudEvent> result) {
    result.complete(
        List.of(
            event(
                input.request(),
                failed(input.request(), "the simulation took longer than its time limit allows"))));
  }

  /**
   * A what-if older than {@link #MAX_AGE} is answered as expired rather than run: after a restart
   * that re-reads the topic, or behind a long backlog, nobody waits for it any more, and its
   * snapshot would be of a later zone than the caller asked about.
   */
  static SimulationResultData expired(CloudEvent request) {
    Instant requestedAt = request.data(SimulationRequestData.class).requestedAt();
    Instant now = Instant.now();
    if (requestedAt != null && requestedAt.plus(MAX_AGE).isBefore(now)) {
      return failed(
          request, "expired: requested at " + requestedAt + ", reached the simulator at " + now);
    }
    return null;
  }

  /** A what-if that could not be run, with why. */
  public static SimulationResultData failed(CloudEvent request, String error) {
    SimulationRequestData r = request.data(SimulationRequestData.class);
    return new SimulationResultData(
        r.runId(),
        r.zone(),
        "failed",
        r.objective() == null ? Scenarios.DEFAULT_OBJECTIVE : r.objective(),
        null,
        null,
        List.of(),
        null,
        0L,
        error.length() > 2000 ? error.substring(0, 2000) : error,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** The answer as an event of the simulations topic, its id derived from the request's. */
  public static CloudEvent event(CloudEvent request, SimulationResultData answer) {
    return new CloudEvent(
        CloudEvent.SPEC_VERSION,
        EventIds.derived(request.id(), "simulated"),
        SOURCE,
        EventType.SIMULATION_COMPLETED.type(),
        answer.runId(),
        answer.completedAt(),
        CloudEvent.CONTENT_TYPE,
        request.tenant(),
        answer.runId(),
        answer);
  }

  /**
   * How long the stage waits for one what-if (its solve is at most 30 s, the snapshot's matrix
   * aside).
   */
  public static long timeoutMillis() {
    return OptimizeRunner.asyncTimeout().toMillis();
  }
}
