package io.fleetstream.bridge.internal.learning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fits scoring weights to outcomes: for every finished job, the chosen driver's score parts when
 * the job was given to them ({@code distance_score}, {@code availability}, {@code performance}, one
 * minus {@code delay_risk}, {@code priority_weight}) and whether it was done on time. A logistic
 * regression with a small ridge penalty (batch gradient descent from zero, so the same samples give
 * the same weights) says how much each part tells about punctuality; a part with a negative or no
 * association gets weight 0, the rest are normalized to sum 1.
 *
 * <p>The latest {@code holdoutFraction} of the samples by decision time are kept out of the fit and
 * both the previous and the new weights are judged on them by AUC: the chance that an on-time job
 * scored higher than a late one. Hand-written rather than a library's: five features and a few
 * hundred samples, and a deterministic fit matters more here than a solver's options.
 *
 * <p>What it cannot see: only the chosen driver's outcome is known, never what another candidate
 * would have done, so the weights learn which kind of choice went well, not a counterfactual.
 */
public final class WeightsTrainer {

  /** The score's parts in this order. */
  public static final List<String> PARTS =
      List.of("distance", "availability", "performance", "punctuality", "priority");

  /** One finished job: the chosen driver's parts and whether it was on time. */
  public record Sample(String jobId, Instant decidedAt, double[] parts, boolean onTime) {}

  /** Weights in {@link #PARTS} order. */
  public record Weights(
      double distance,
      double availability,
      double performance,
      double punctuality,
      double priority) {

    double[] array() {
      return new double[] {distance, availability, performance, punctuality, priority};
    }

    static Weights of(double[] w) {
      return new Weights(w[0], w[1], w[2], w[3], w[4]);
    }

    double score(double[] x) {
      double[] w = array();
      double sum = 0;
      double total = 0;
      for (int i = 0; i < w.length; i++) {
        sum += w[i] * x[i];
        total += w[i];
      }
      return total == 0 ? 0 : sum / total;
    }
  }

  /**
   * What a retrain found.
   *
   * @param weights null when the samples say nothing (too few, one class only, no positive part)
   * @param aucPrevious the previous weights' AUC on the held-out samples; null without both classes
   */
  public record Result(
      String status,
      String detail,
      Weights weights,
      int trainingSamples,
      int holdoutSamples,
      double onTimeRate,
      Double aucPrevious,
      Double aucCandidate) {}

  static final int ITERATIONS = 4000;
  static final double LEARNING_RATE = 0.5;
  static final double RIDGE = 0.01;

  private WeightsTrainer() {}

  public static Result train(
      List<Sample> samples, Weights previous, double holdoutFraction, int minSamples) {
    List<Sample> ordered = new ArrayList<>(samples);
    ordered.sort(Comparator.comparing(Sample::decidedAt).thenComparing(Sample::jobId));
    int holdout = (int) Math.floor(ordered.size() * holdoutFraction);
    List<Sample> train = ordered.subList(0, ordered.size() - holdout);
    List<Sample> test = ordered.subList(ordered.size() - holdout, ordered.size());
    double onTimeRate =
        ordered.isEmpty()
            ? 0
            : round(ordered.stream().filter(Sample::onTime).count() / (double) ordered.size());
    long trainOnTime = train.stream().filter(Sample::onTime).count();
    if (ordered.size() < minSamples) {
      return new Result(
          "insufficient_data",
          ordered.size() + " finished jobs with a decision; at least " + minSamples + " needed",
          null,
          train.size(),
          test.size(),
          onTimeRate,
          null,
          null);
    }
    if (trainOnTime == 0 || trainOnTime == train.size()) {
      return new Result(
          "insufficient_data",
          "every training job was "
              + (trainOnTime == 0 ? "late" : "on time")
              + ": nothing tells the score's parts apart",
          null,
          train.size(),
          test.size(),
          onTimeRate,
          null,
          null);
    }
    double[] beta = fit(train);
    double[] w = new double[beta.length];
    double total = 0;
    for (int i = 0; i < beta.length; i++) {
      w[i] = Math.max(0, beta[i]);
      total += w[i];
    }
    if (total <= 1e-9) {
      return new Result(
          "no_signal",
          "no part of the score goes with on-time jobs in these samples",
          null,
          train.size(),
          test.size(),
          onTimeRate,
          auc(test, previous),
          null);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = round(w[i] / total);
    }
    Weights candidate = Weights.of(w);
    return new Result(
        "completed",
        null,
        candidate,
        train.size(),
        test.size(),
        onTimeRate,
        auc(test, previous),
        auc(test, candidate));
  }

  /** Logistic regression coefficients (without the intercept) by batch gradient descent. */
  static double[] fit(List<Sample> train) {
    int d = PARTS.size();
    double[] beta = new double[d];
    double bias = 0;
    int n = train.size();
    for (int it = 0; it < ITERATIONS; it++) {
      double[] grad = new double[d];
      double gradBias = 0;
      for (Sample s : train) {
        double z = bias;
        for (int i = 0; i < d; i++) {
          z += beta[i] * s.parts()[i];
        }
        double err = sigmoid(z) - (s.onTime() ? 1 : 0);
        for (int i = 0; i < d; i++) {
          grad[i] += err * s.parts()[i];
        }
        gradBias += err;
      }
      for (int i = 0; i < d; i++) {
        beta[i] -= LEARNING_RATE * (grad[i] / n + RIDGE * beta[i]);
      }
      bias -= LEARNING_RATE * gradBias / n;
    }
    return beta;
  }

  /** The chance that an on-time sample scores above a late one (ties count half). */
  static Double auc(List<Sample> samples, Weights weights) {
    List<Double> on = new ArrayList<>();
    List<Double> late = new ArrayList<>();
    for (Sample s : samples) {
      (s.onTime() ? on : late).add(weights.score(s.parts()));
    }
    if (on.isEmpty() || late.isEmpty()) {
      return null;
    }
    double wins = 0;
    for (double a : on) {
      for (double b : late) {
        wins += a > b ? 1 : a == b ? 0.5 : 0;
      }
    }
    return round(wins / ((double) on.size() * late.size()));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
