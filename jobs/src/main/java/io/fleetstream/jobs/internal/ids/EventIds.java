package io.fleetstream.jobs.internal.ids;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids of the events the job derives. Each is a name-based UUID of what caused it, so the event a
 * replay after a failure produces has the same id as the first time, and consumers de-duplicate.
 */
public final class EventIds {

  private EventIds() {}

  public static String derived(String... parts) {
    return "evt_" + UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }
}
