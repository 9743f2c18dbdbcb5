package io.fleetstream.deploy.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.EventValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The synthetic input of the stream benchmark and the rehearsal: in Monaco, the very bytes they
 * were measured with; on another map, every driver, job and ping inside that map's bounds, and
 * still contract JSON.
 */
class SyntheticEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventValidator CONTRACT = EventValidator.create();
  private static final String TENANT = "acct_bench";
  private static final long T0 = 1_700_000_000_000L;

  @Test
  void inMonacoTheBytesAreThoseTheBenchmarksWereMeasuredWith() throws Exception {
    // Written by SyntheticEvents before areas existed (its drivers' "time" is the clock's, so
    // drivers are compared from "datacontenttype" on).
    assertThat(text(SyntheticEvents.ping(SyntheticArea.MONACO, TENANT, 7, T0 + 123)))
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"p7_1700000000123\",\"source\":\"/bench\","
                + "\"type\":\"io.fleetstream.telemetry.ping.v1\",\"time\":\"2023-11-14T22:13:20.123Z\","
                + "\"datacontenttype\":\"application/json\",\"tenant\":\"acct_bench\","
                + "\"partitionkey\":\"drv_7\",\"data\":{\"driver_id\":\"drv_7\","
                + "\"lat\":43.74623275617803,\"lng\":7.4288413816989625,\"speed_mps\":8.5,"
                + "\"heading_deg\":90.0,\"accuracy_m\":5.0,"
                + "\"recorded_at\":\"2023-11-14T22:13:20.123Z\"}}");
    assertThat(text(SyntheticEvents.job(SyntheticArea.MONACO, TENANT, "seed_42", "bench-2", T0)))
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"e_seed_42\",\"source\":\"/bench\","
                + "\"type\":\"io.fleetstream.job.created.v1\",\"time\":\"2023-11-14T22:13:20Z\","
                + "\"datacontenttype\":\"application/json\",\"tenant\":\"acct_bench\","
                + "\"partitionkey\":\"seed_42\",\"data\":{\"job_id\":\"seed_42\","
                + "\"location\":{\"lat\":43.727000000000004,\"lng\":7.4229},"
                + "\"service_minutes\":15,\"zone\":\"bench-2\"}}");
    assertThat(
            fromContentType(SyntheticEvents.driver(SyntheticArea.MONACO, TENANT, 451, "bench-1")))
        .isEqualTo(
            "\"datacontenttype\":\"application/json\",\"tenant\":\"acct_bench\","
                + "\"partitionkey\":\"drv_451\",\"data\":{\"driver_id\":\"drv_451\","
                + "\"start_location\":{\"lat\":43.726,\"lng\":7.425},\"max_concurrent_jobs\":8,"
                + "\"zone\":\"bench-1\"}}");
    // A thousand of each, as the code before areas wrote them.
    assertThat(digest(SyntheticArea.MONACO))
        .isEqualTo("b12501aacbf4963a397b68a650ec3860e3bf8967c6c34101ce323b9e1f58d3d1");
  }

  @Test
  void withoutAnAreaTheEventsAreMonacos() {
    assertThat(SyntheticEvents.ping(TENANT, 3, T0))
        .isEqualTo(SyntheticEvents.ping(SyntheticArea.MONACO, TENANT, 3, T0));
    assertThat(SyntheticEvents.job(TENANT, "job_9", "z", T0))
        .isEqualTo(SyntheticEvents.job(SyntheticArea.MONACO, TENANT, "job_9", "z", T0));
    assertThat(fromContentType(SyntheticEvents.driver(TENANT, 44, "z")))
        .isEqualTo(fromContentType(SyntheticEvents.driver(SyntheticArea.MONACO, TENANT, 44, "z")));
  }

  @Test
  void onAnotherMapEveryPointLiesInsideItsBoundsAndIsContractJson() throws Exception {
    List<double[]> maps =
        List.of(
            new double[] {47.05, 9.47, 47.27, 9.64}, // Liechtenstein-sized: Monaco's layout fits
            new double[] {-34.62, -58.45, -34.61, -58.43}, // a few blocks, south and west: shrunk
            new double[] {59.9, 10.7, 59.9004, 10.8}); // one long street
    for (double[] bounds : maps) {
      SyntheticArea area = SyntheticArea.within(bounds);
      for (int d = 0; d < 1_000; d++) {
        boolean checked = d % 10 == 0;
        // a ping's point circles its driver's once in 2π minutes: every 47 s, about 8 a round
        for (long ts = T0 + d; ts < T0 + 400_000; ts += 47_000) {
          JsonNode data =
              valid(Topic.TELEMETRY, SyntheticEvents.ping(area, TENANT, d, ts), checked);
          assertInside(bounds, data.path("lat"), data.path("lng"));
        }
        JsonNode driver =
            valid(
                    Topic.DRIVERS,
                    SyntheticEvents.driver(area, TENANT, d, "bench-" + d % 10),
                    checked)
                .path("start_location");
        assertInside(bounds, driver.path("lat"), driver.path("lng"));
        for (String id : List.of("seed_" + d, "live_2_5000_" + d, "job_" + d)) {
          JsonNode job =
              valid(
                      Topic.JOBS,
                      SyntheticEvents.job(area, TENANT, id, "bench-" + d % 10, T0),
                      checked)
                  .path("location");
          assertInside(bounds, job.path("lat"), job.path("lng"));
        }
      }
    }
  }

  @Test
  void monacosLayoutKeepsItsDistancesWhereItFitsAndShrinksWhereItDoesNot() {
    SyntheticArea large = SyntheticArea.within(new double[] {47.05, 9.47, 47.27, 9.64});
    assertThat(large.scale()).isEqualTo(1.0);
    assertThat(large.centreLat()).isCloseTo(47.16, within(1e-9));
    assertThat(large.centreLng()).isCloseTo(9.555, within(1e-9));
    assertThat(large.lat(43.755) - large.lat(43.725))
        .as("Monaco's 0.03° stay 0.03°")
        .isCloseTo(0.03, within(1e-12));

    SyntheticArea small = SyntheticArea.within(new double[] {-34.62, -58.45, -34.61, -58.43});
    assertThat(small.scale()).as("0.9 of the 0.01° side, over 0.03°").isCloseTo(0.3, within(1e-9));
    assertThat(large.describe()).isEqualTo("around 47.1600, 9.5550 (Monaco's layout at 100%)");

    assertThatThrownBy(() -> SyntheticArea.within(new double[] {47.1, 9.5, 47.1, 9.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the map's roads span no area");
  }

  /**
   * The event's data, valid JSON, and when {@code checked} valid against the contract the job
   * validates with (a sample: checking each of the 40,000 events would cost seconds).
   */
  private static JsonNode valid(Topic topic, byte[] value, boolean checked) throws Exception {
    if (checked) {
      assertThat(CONTRACT.validate(topic, value).isValid()).as(text(value)).isTrue();
    }
    return JSON.readTree(value).path("data");
  }

  private static void assertInside(double[] bounds, JsonNode lat, JsonNode lng) {
    assertThat(lat.isNumber() && lng.isNumber()).isTrue();
    assertThat(lat.asDouble()).isBetween(bounds[0], bounds[2]);
    assertThat(lng.asDouble()).isBetween(bounds[1], bounds[3]);
  }

  /** SHA-256 over the pings, jobs and drivers (from "datacontenttype" on) of 1,000 drivers. */
  private static String digest(SyntheticArea area) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (int d = 0; d < 1000; d++) {
      md.update(SyntheticEvents.ping(area, TENANT, d, T0 + 37L * d));
      md.update(SyntheticEvents.job(area, TENANT, "live_1_5000_" + d, "bench-" + d % 10, T0 + d));
      md.update(
          fromContentType(SyntheticEvents.driver(area, TENANT, d, "bench-" + d % 10))
              .getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String fromContentType(byte[] event) {
    String s = text(event);
    return s.substring(s.indexOf("\"datacontenttype\""));
  }

  private static String text(byte[] event) {
    return new String(event, StandardCharsets.UTF_8);
  }
}
