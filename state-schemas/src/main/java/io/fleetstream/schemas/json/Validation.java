package io.fleetstream.schemas.json;

import io.fleetstream.schemas.CloudEvent;

/** The outcome of validating one record: a bound event, or a rejection. */
public sealed interface Validation {

  /** The record is a valid event of its topic. */
  record Valid(CloudEvent event) implements Validation {}

  /** The record breaks the contract; nothing of it was bound. */
  record Invalid(Rejection rejection) implements Validation {}

  default boolean isValid() {
    return this instanceof Valid;
  }
}
