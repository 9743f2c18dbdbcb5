package io.fleetstream.deploy.synthetic;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Synthetic input as bytes (drivers, jobs and pings, in Monaco, the embedded map, unless a {@link
 * SyntheticArea} moves them onto another), for the stream benchmark and the start-up rehearsal.
 * Written from templates: the benchmark's producer must keep up with tens of thousands of events a
 * second on the same two cores as the job, so no object mapping here. The output is valid contract
 * JSON (the job validates every record, as in production).
 */
public final class SyntheticEvents {

  // The patterns' corner in Monaco: every point lies within 0.03° north and east of it, in the
  // square a SyntheticArea maps.
  private static final double LAT0 = 43.7250;
  private static final double LNG0 = 7.4100;

  private SyntheticEvents() {}

  /** A ping of {@code driver} at {@code ts}, in Monaco. */
  public static byte[] ping(String tenant, int driver, long ts) {
    return ping(SyntheticArea.MONACO, tenant, driver, ts);
  }

  /** A ping of {@code driver} at {@code ts}: each driver circles a point of its own. */
  public static byte[] ping(SyntheticArea area, String tenant, int driver, long ts) {
    double phase = (ts / 1000.0 + driver) / 60.0;
    double lat = area.lat(LAT0 + 0.012 + 0.01 * Math.sin(phase + driver));
    double lng = area.lng(LNG0 + 0.015 + 0.01 * Math.cos(phase + driver));
    String at = Instant.ofEpochMilli(ts).toString();
    return ("{\"specversion\":\"1.0\",\"id\":\"p"
            + driver
            + "_"
            + ts
            + "\",\"source\":\"/bench\","
            + "\"type\":\"io.fleetstream.telemetry.ping.v1\",\"time\":\""
            + at
            + "\",\"datacontenttype\":\"application/json\","
            + "\"tenant\":\""
            + tenant
            + "\",\"partitionkey\":\"drv_"
            + driver
            + "\",\"data\":{\"driver_id\":\"drv_"
            + driver
            + "\",\"lat\":"
            + lat
            + ",\"lng\":"
            + lng
            + ",\"speed_mps\":8.5,\"heading_deg\":90.0,\"accuracy_m\":5.0,"
            + "\"recorded_at\":\""
            + at
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A new driver, in Monaco. */
  public static byte[] driver(String tenant, int driver, String zone) {
    return driver(SyntheticArea.MONACO, tenant, driver, zone);
  }

  /** A new driver, starting on a grid of 30 × 30 points. */
  public static byte[] driver(SyntheticArea area, String tenant, int driver, String zone) {
    double lat = area.lat(LAT0 + (driver % 30) * 0.001);
    double lng = area.lng(LNG0 + (driver / 30 % 30) * 0.001);
    return ("{\"specversion\":\"1.0\",\"id\":\"d"
            + driver
            + "\",\"source\":\"/bench\","
            + "\"type\":\"io.fleetstream.driver.created.v1\",\"time\":\""
            + Instant.now()
            + "\",\"datacontenttype\":\"application/json\","
            + "\"tenant\":\""
            + tenant
            + "\",\"partitionkey\":\"drv_"
            + driver
            + "\",\"data\":{\"driver_id\":\"drv_"
            + driver
            + "\",\"start_location\":{\"lat\":"
            + lat
            + ",\"lng\":"
            + lng
            + "},\"max_concurrent_jobs\":8,\"zone\":\""
            + zone
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A new job, in Monaco. */
  public static byte[] job(String tenant, String id, String zone, long ts) {
    return job(SyntheticArea.MONACO, tenant, id, zone, ts);
  }

  /** A new job, at a point of a fine grid its id picks. */
  public static byte[] job(SyntheticArea area, String tenant, String id, String zone, long ts) {
    int n = Math.abs(id.hashCode());
    double lat = area.lat(LAT0 + (n % 280) * 0.0001);
    double lng = area.lng(LNG0 + (n / 280 % 300) * 0.0001);
    return ("{\"specversion\":\"1.0\",\"id\":\"e_"
            + id
            + "\",\"source\":\"/bench\","
            + "\"type\":\"io.fleetstream.job.created.v1\",\"time\":\""
            + Instant.ofEpochMilli(ts)
            + "\","
            + "\"datacontenttype\":\"application/json\",\"tenant\":\""
            + tenant
            + "\",\"partitionkey\":\""
            + id
            + "\","
            + "\"data\":{\"job_id\":\""
            + id
            + "\",\"location\":{\"lat\":"
            + lat
            + ",\"lng\":"
            + lng
            + "},\"service_minutes\":15,"
            + "\"zone\":\""
            + zone
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
