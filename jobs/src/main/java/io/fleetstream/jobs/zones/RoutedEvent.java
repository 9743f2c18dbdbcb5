package io.fleetstream.jobs.zones;

import io.fleetstream.schemas.CloudEvent;

/**
 * An event with the zone it belongs to.
 *
 * @param zoneKey {@code tenant/zone}, the key of the dispatch planner
 */
public record RoutedEvent(String zoneKey, String zone, CloudEvent event) {

  public static RoutedEvent of(CloudEvent event, String zone) {
    return new RoutedEvent(event.tenant() + "/" + zone, zone, event);
  }
}
