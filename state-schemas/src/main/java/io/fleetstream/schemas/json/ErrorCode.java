package io.fleetstream.schemas.json;

/**
 * Stable reasons an input record is rejected. They appear in DLQ records and API errors; once
 * published a code never changes meaning.
 */
public enum ErrorCode {
  /** The record had no value (a tombstone or zero bytes). */
  EMPTY_RECORD,
  /**
   * The bytes are not one well-formed JSON document (syntax error, duplicate key, trailing data).
   */
  MALFORMED_JSON,
  /** {@code specversion} is not {@code 1.0}. */
  UNSUPPORTED_SPECVERSION,
  /** {@code type} names no event type of the contract. */
  UNKNOWN_EVENT_TYPE,
  /** {@code type} is a known event type, but it belongs on another topic. */
  WRONG_TOPIC,
  /** A required field is absent. */
  MISSING_FIELD,
  /** A field has the wrong JSON type (a string where a number belongs, say). */
  INVALID_TYPE,
  /** A field that the schema does not define. */
  UNKNOWN_FIELD,
  /** A number, string length or array size outside its allowed range. */
  OUT_OF_RANGE,
  /** A string that does not match its format (date-time, id pattern …). */
  INVALID_FORMAT,
  /** A value outside its allowed set. */
  INVALID_VALUE,
  /** A time window or shift whose end is not after its start. */
  INVALID_TIME_WINDOW,
  /** A status event (cancelled, shift ended …) for a job or driver that was never created. */
  UNKNOWN_ENTITY,
  /**
   * A dispatcher's command the zone cannot apply: the driver is not in the job's zone or is off
   * shift, the job is under way or finished, or a job without a driver is to be pinned. The path
   * names the field.
   */
  COMMAND_NOT_APPLICABLE,
  /**
   * A valid event the job could not apply because of a fault in Fleetstream itself; the message
   * carries the exception. Kept in the DLQ so one record cannot stop the job in a restart loop.
   */
  PROCESSING_FAILED,
  /** Any other schema rule. */
  SCHEMA_VIOLATION
}
