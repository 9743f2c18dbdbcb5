package io.fleetstream.routing.model;

import java.util.Objects;

/** Names one stop of one job (used by locks and warm-start plans). */
public record StopRef(String jobId, StopType type) {

  public StopRef {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(type, "type");
  }

  public static StopRef service(String jobId) {
    return new StopRef(jobId, StopType.SERVICE);
  }

  public static StopRef pickup(String jobId) {
    return new StopRef(jobId, StopType.PICKUP);
  }

  public static StopRef dropoff(String jobId) {
    return new StopRef(jobId, StopType.DROPOFF);
  }
}
