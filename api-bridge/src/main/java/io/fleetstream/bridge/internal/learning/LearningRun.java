package io.fleetstream.bridge.internal.learning;

import java.time.Instant;

/**
 * One retrain, as the bridge keeps it: the weights it found (null when the samples said nothing),
 * the weights it was judged against, the data it used and whether it was made active.
 *
 * @param version the weights version the run's weights get (3 and up); null without weights
 */
public record LearningRun(
    String id,
    String tenant,
    Integer version,
    String status,
    String detail,
    WeightsTrainer.Weights weights,
    int previousVersion,
    WeightsTrainer.Weights previousWeights,
    int trainingSamples,
    int holdoutSamples,
    double onTimeRate,
    Double aucPrevious,
    Double aucCandidate,
    Instant from,
    Instant to,
    Instant createdAt,
    Instant activatedAt) {

  public LearningRun activated(Instant at) {
    return new LearningRun(
        id,
        tenant,
        version,
        status,
        detail,
        weights,
        previousVersion,
        previousWeights,
        trainingSamples,
        holdoutSamples,
        onTimeRate,
        aucPrevious,
        aucCandidate,
        from,
        to,
        createdAt,
        at);
  }
}
