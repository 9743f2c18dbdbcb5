package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The latest observed durations (minutes), oldest first, bounded so the model follows change. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SampleWindow(List<Double> minutes) {

  public static final int SIZE = 50;

  public SampleWindow {
    minutes = minutes == null ? List.of() : List.copyOf(minutes);
  }

  public SampleWindow plus(double sample) {
    List<Double> next = new ArrayList<>(minutes);
    next.add(sample);
    if (next.size() > SIZE) {
      next.subList(0, next.size() - SIZE).clear();
    }
    return new SampleWindow(next);
  }

  /**
   * The median after dropping outliers beyond five median absolute deviations: a job forgotten open
   * over lunch must not move the estimate.
   */
  public double robustMedian() {
    return median(kept());
  }

  /**
   * The {@code q}-quantile (0..1) of the same samples the median keeps, interpolated between ranks:
   * the 0.1 and 0.9 quantiles are the band that holds four jobs in five.
   */
  public double quantile(double q) {
    double[] sorted = kept();
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
  private double[] kept() {
    double median = median(minutes.stream().mapToDouble(Double::doubleValue).toArray());
    double mad = median(minutes.stream().mapToDouble(m -> Math.abs(m - median)).toArray());
    return minutes.stream()
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
