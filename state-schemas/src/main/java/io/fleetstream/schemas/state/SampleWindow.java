package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The latest observed durations (minutes), oldest first, bounded so the model follows change; and,
 * for the jobs that declared a duration, how long each took against what it declared ({@code
 * ratios}: 1.5 is a job declared at 30 minutes that took 45). State written before ratios were kept
 * reads as a window without any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SampleWindow(List<Double> minutes, List<Double> ratios) {

  public static final int SIZE = 50;

  public SampleWindow {
    minutes = minutes == null ? List.of() : List.copyOf(minutes);
    ratios = ratios == null ? List.of() : List.copyOf(ratios);
  }

  public SampleWindow(List<Double> minutes) {
    this(minutes, null);
  }

  /** One more job that took {@code sample} minutes and declared none. */
  public SampleWindow plus(double sample) {
    return plus(sample, 0);
  }

  /** One more job that took {@code sample} minutes and declared {@code declared} (0: none). */
  public SampleWindow plus(double sample, double declared) {
    return new SampleWindow(
        latest(minutes, sample), declared > 0 ? latest(ratios, sample / declared) : ratios);
  }

  private static List<Double> latest(List<Double> window, double sample) {
    List<Double> next = new ArrayList<>(window);
    next.add(sample);
    if (next.size() > SIZE) {
      next.subList(0, next.size() - SIZE).clear();
    }
    return next;
  }

  /**
   * The median after dropping outliers beyond five median absolute deviations: a job forgotten open
   * over lunch must not move the estimate.
   */
  public double robustMedian() {
    return median(kept(minutes));
  }

  /**
   * The robust median (as {@link #robustMedian()}) of actual over declared duration: how far the
   * declarations of this kind of job are off, NaN when no sampled job declared a duration.
   */
  public double robustRatio() {
    return median(kept(ratios));
  }

  /**
   * The {@code q}-quantile (0..1) of the same samples the median keeps, interpolated between ranks:
   * the 0.1 and 0.9 quantiles are the band that holds four jobs in five.
   */
  public double quantile(double q) {
    double[] sorted = kept(minutes);
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double rank = q * (sorted.length - 1);
    int low = (int) Math.floor(rank);
    int high = (int) Math.ceil(rank);
    return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
  }

  /** The samples without outliers beyond five median absolute deviations. */
  private static double[] kept(List<Double> samples) {
    double median = median(samples.stream().mapToDouble(Double::doubleValue).toArray());
    double mad = median(samples.stream().mapToDouble(m -> Math.abs(m - median)).toArray());
    return samples.stream()
        .mapToDouble(Double::doubleValue)
        .filter(m -> mad == 0 || Math.abs(m - median) <= 5 * mad)
        .toArray();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n == 0
        ? Double.NaN
        : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
