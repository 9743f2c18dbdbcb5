package io.fleetstream.bridge.internal.learning;

import io.fleetstream.bridge.internal.store.Table;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.events.ScoringWeightsData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * An account's retrains and its active weights. Runs and the active weights live in the bridge's
 * own store; the dispatch job learns of an activation from the {@code scoring.weights_activated}
 * command the caller writes.
 */
public final class Learning {

  /**
   * The dispatch job's built-in weights (version 2: the routing scorer's {@code ScoringWeights.V1};
   * a test holds the two equal).
   */
  public static final WeightsTrainer.Weights BUILT_IN =
      new WeightsTrainer.Weights(0.35, 0.2, 0.15, 0.2, 0.1);

  public static final int BUILT_IN_VERSION = 2;

  private final ViewStore views;
  private final Table runs;
  private final Table active;
  private final Clock clock;

  public Learning(ViewStore views, Table runs, Table active, Clock clock) {
    this.views = views;
    this.runs = runs;
    this.active = active;
    this.clock = clock;
  }

  /** The weights the account's decisions use now. */
  public ScoringWeightsData active(String tenant) {
    return active.get(tenant, ScoringWeightsData.class).orElse(null);
  }

  public Optional<LearningRun> run(String tenant, String id) {
    return runs.get(tenant + "/" + id, LearningRun.class);
  }

  /**
   * Trains on the decisions of the last {@code days} days against the active weights. One run at a
   * time per bridge: each takes the next version.
   */
  public synchronized LearningRun train(
      String tenant, String id, int days, double holdoutFraction, int minSamples) {
    Instant to = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant from = to.minus(Duration.ofDays(days));
    List<WeightsTrainer.Sample> samples = TrainingSamples.of(views, tenant, from, to);
    ScoringWeightsData current = active(tenant);
    int previousVersion = current == null ? BUILT_IN_VERSION : current.version();
    WeightsTrainer.Weights previous =
        current == null
            ? BUILT_IN
            : new WeightsTrainer.Weights(
                current.distance(),
                current.availability(),
                current.performance(),
                current.punctuality(),
                current.priority());
    WeightsTrainer.Result r = WeightsTrainer.train(samples, previous, holdoutFraction, minSamples);
    LearningRun run =
        new LearningRun(
            id,
            tenant,
            r.weights() == null ? null : nextVersion(tenant),
            r.status(),
            r.detail(),
            r.weights(),
            previousVersion,
            previous,
            r.trainingSamples(),
            r.holdoutSamples(),
            r.onTimeRate(),
            r.aucPrevious(),
            r.aucCandidate(),
            from,
            to,
            to,
            null);
    runs.put(tenant + "/" + id, run);
    return run;
  }

  /** The weights of a run, as the command that makes them active carries them. */
  public ScoringWeightsData activation(LearningRun run) {
    WeightsTrainer.Weights w = run.weights();
    return new ScoringWeightsData(
        run.version(),
        w.distance(),
        w.availability(),
        w.performance(),
        w.punctuality(),
        w.priority(),
        run.id(),
        clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  /** Records that the command making {@code weights} active was written. */
  public synchronized LearningRun activated(LearningRun run, ScoringWeightsData weights) {
    active.put(run.tenant(), weights);
    LearningRun done = run.activated(weights.activatedAt());
    runs.put(run.tenant() + "/" + run.id(), done);
    return done;
  }

  private int nextVersion(String tenant) {
    int max = BUILT_IN_VERSION;
    String after = null;
    while (true) {
      Table.Page<LearningRun> page =
          runs.scan(tenant + "/", after, 1000, LearningRun.class, r -> true);
      for (LearningRun r : page.items()) {
        if (r.version() != null) {
          max = Math.max(max, r.version());
        }
        after = r.id();
      }
      if (!page.more() || page.items().isEmpty()) {
        return max + 1;
      }
    }
  }
}
