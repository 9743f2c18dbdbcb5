package io.fleetstream.schemas.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * What the tracker knows of one driver: the last applied position and what it last published.
 *
 * @param recentPingIds ids of the latest pings, to drop redelivered duplicates
 * @param outOfOrderPings pings older than an applied one: counted, never applied backwards
 * @param status {@code online} or {@code offline}
 * @param publishedAt when the driver state was last published, with the position it showed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrackedDriver(
    double lat,
    double lng,
    Double speedMps,
    Double headingDeg,
    Instant lastPingAt,
    List<String> recentPingIds,
    long outOfOrderPings,
    String status,
    Instant publishedAt,
    Double publishedLat,
    Double publishedLng) {

  public static final int REMEMBERED_PING_IDS = 4;

  public TrackedDriver {
    recentPingIds = recentPingIds == null ? List.of() : List.copyOf(recentPingIds);
  }

  public boolean hasSeen(String pingId) {
    return recentPingIds.contains(pingId);
  }

  public TrackedDriver withPing(
      String pingId, double newLat, double newLng, Double speed, Double heading, Instant at) {
    List<String> ids = remembering(recentPingIds, pingId);
    return new TrackedDriver(
        newLat,
        newLng,
        speed,
        heading,
        at,
        ids,
        outOfOrderPings,
        status,
        publishedAt,
        publishedLat,
        publishedLng);
  }

  public TrackedDriver withOutOfOrderPing(String pingId) {
    List<String> ids = remembering(recentPingIds, pingId);
    return new TrackedDriver(
        lat,
        lng,
        speedMps,
        headingDeg,
        lastPingAt,
        ids,
        outOfOrderPings + 1,
        status,
        publishedAt,
        publishedLat,
        publishedLng);
  }

  public TrackedDriver published(String newStatus, Instant at) {
    return new TrackedDriver(
        lat,
        lng,
        speedMps,
        headingDeg,
        lastPingAt,
        recentPingIds,
        outOfOrderPings,
        newStatus,
        at,
        lat,
        lng);
  }

  /**
   * The last ids with {@code pingId} after them, as an immutable list the constructor keeps as it
   * is. Why not a copy into an ArrayList and back: this runs at every ping, and the two copies were
   * 5 % of the driver tracker's samples.
   */
  private static List<String> remembering(List<String> ids, String pingId) {
    int keep = Math.min(ids.size(), REMEMBERED_PING_IDS - 1);
    String[] kept = new String[keep + 1];
    for (int i = 0; i < keep; i++) {
      kept[i] = ids.get(ids.size() - keep + i);
    }
    kept[keep] = pingId;
    return List.of(kept);
  }
}
