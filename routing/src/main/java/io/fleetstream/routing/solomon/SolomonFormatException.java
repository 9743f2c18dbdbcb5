package io.fleetstream.routing.solomon;

/** A Solomon file that cannot be read, with the line where reading stopped. */
public final class SolomonFormatException extends IllegalArgumentException {

  public SolomonFormatException(String message) {
    super(message);
  }
}
