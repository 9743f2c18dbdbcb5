package io.fleetstream.routing.scoring;

import java.util.Objects;

/**
 * How the 0–100 score weighs its parts, with the version string every decision carries so a score
 * can be traced to the weights that produced it. Weights need not sum to 1; they are normalized.
 * Distance and delay decay with the given half-lives.
 */
public record ScoringWeights(
    String version,
    double distance,
    double availability,
    double performance,
    double punctuality,
    double priority,
    double distanceHalfLifeMinutes,
    double slackHalfLifeMinutes) {

  /** The current default weights. */
  public static final ScoringWeights V1 =
      new ScoringWeights("scoring-v1", 0.35, 0.2, 0.15, 0.2, 0.1, 15, 20);

  public ScoringWeights {
    Objects.requireNonNull(version, "version");
    if (distance < 0 || availability < 0 || performance < 0 || punctuality < 0 || priority < 0) {
      throw new IllegalArgumentException("weights must be >= 0");
    }
    if (distance + availability + performance + punctuality + priority <= 0) {
      throw new IllegalArgumentException("at least one weight must be > 0");
    }
    if (!(distanceHalfLifeMinutes > 0) || !(slackHalfLifeMinutes > 0)) {
      throw new IllegalArgumentException("half-lives must be > 0");
    }
  }

  double total() {
    return distance + availability + performance + punctuality + priority;
  }
}
