package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.events.DeliveryData;

/**
 * One attempt to deliver a webhook event to an endpoint, as the delivery functions reported it on
 * {@code fleetstream.deliveries.v1}.
 *
 * @param cursor where this attempt sorts among its endpoint's attempts (newest first); the list's
 *     {@code next_cursor}
 */
public record DeliveryView(String cursor, String tenant, DeliveryData attempt) {

  static DeliveryView of(String tenant, DeliveryData d) {
    return new DeliveryView(cursor(d), tenant, d);
  }

  /**
   * Newest first in byte order: the time counted down from the largest millisecond, zero-padded,
   * then the attempt and the delivery id (in the characters a cursor may hold), so two attempts in
   * the same millisecond still have distinct keys.
   */
  private static String cursor(DeliveryData d) {
    long countdown = Long.MAX_VALUE - d.attemptedAt().toEpochMilli();
    return String.format(
        "%019d_%03d_%s", countdown, d.attempt(), d.deliveryId().replaceAll("[^A-Za-z0-9_]", "_"));
  }
}
