package io.fleetstream.schemas.json;

/**
 * Why a record was rejected.
 *
 * @param path JSON Pointer (RFC 6901) to the offending field; empty for the whole document
 */
public record Rejection(ErrorCode code, String path, String message) {

  @Override
  public String toString() {
    return code + " at '" + path + "': " + message;
  }
}
