package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A dispatcher's own decision: this job goes to this driver.
 *
 * @param lock keep it there: rescoring and re-optimization will not move it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ManualAssignData(String jobId, String driverId, Boolean lock, String reason)
    implements EventData {

  public boolean locks() {
    return Boolean.TRUE.equals(lock);
  }
}
