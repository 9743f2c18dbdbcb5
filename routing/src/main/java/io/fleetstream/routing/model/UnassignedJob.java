package io.fleetstream.routing.model;

import java.util.Objects;

/** A job left out of the plan, with the reason code and a human-readable detail. */
public record UnassignedJob(String jobId, ReasonCode reason, String detail) {

  public UnassignedJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }
}
