package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The learned service duration of a job type, for one driver or (driverId null) for everyone.
 *
 * @param minutes how long such a job takes, for a job that declares no duration
 * @param version increases with every sample of the job type, so a decision records the model it
 *     used
 * @param ratio how long such a job takes against the duration it declares (null until enough
 *     sampled jobs declared one): a job that declares its duration is predicted as that times this
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DurationPrediction(
    String tenant,
    String jobType,
    String driverId,
    double minutes,
    int samples,
    long version,
    Double ratio) {

  /**
   * How long a job that declares {@code declaredMinutes} (0: none) will take: the declaration
   * corrected by the learned ratio, else the learned duration of the job type.
   */
  public double minutesFor(double declaredMinutes) {
    return minutes(minutes, ratio, declaredMinutes);
  }

  /**
   * The one rule, for the planner and for the model as the API reads it: a job that declares a
   * duration (above 0) is predicted as that times the learned {@code ratio} once there is one; any
   * other job as the learned {@code minutes}.
   */
  public static double minutes(double minutes, Double ratio, double declaredMinutes) {
    return fromDeclared(ratio, declaredMinutes) ? declaredMinutes * ratio : minutes;
  }

  /** Whether {@link #minutes} predicts from the declaration rather than the learned minutes. */
  public static boolean fromDeclared(Double ratio, double declaredMinutes) {
    return declaredMinutes > 0 && ratio != null;
  }

  /** The broadcast-state key: {@code tenant/jobType/driver} or {@code tenant/jobType/*}. */
  public String key() {
    return key(tenant, jobType, driverId);
  }

  public static String key(String tenant, String jobType, String driverId) {
    return tenant + "/" + jobType + "/" + (driverId == null ? "*" : driverId);
  }
}
