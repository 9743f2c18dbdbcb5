package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The learned service duration of a job type, for one driver or (driverId null) for everyone.
 *
 * @param version increases with every sample of the job type, so a decision records the model it
 *     used
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DurationPrediction(
    String tenant, String jobType, String driverId, double minutes, int samples, long version) {

  /** The broadcast-state key: {@code tenant/jobType/driver} or {@code tenant/jobType/*}. */
  public String key() {
    return key(tenant, jobType, driverId);
  }

  public static String key(String tenant, String jobType, String driverId) {
    return tenant + "/" + jobType + "/" + (driverId == null ? "*" : driverId);
  }
}
