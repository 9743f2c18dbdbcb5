package io.fleetstream.jobs.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Pickup;
import io.fleetstream.schemas.json.EventJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests wait in the re-optimizer's checkpointed state: one an older job wrote still reads. */
class ReoptimizeRequestTest {

  @Test
  void aRequestWrittenBeforeUnderWayAndStopsExistedReadsWithBothEmpty() throws Exception {
    JobData pair =
        new JobData("p", null, GeoPoint.of(43.73, 7.42), 5.0, null, null, null, null, "z")
            .withDelivery(new Pickup(GeoPoint.of(43.74, 7.43), null, null), null, null, null);
    ReoptimizeRequest now =
        new ReoptimizeRequest(
            "acct",
            "z",
            3,
            "min_duration",
            List.of(pair),
            List.of(
                new DriverData(
                    "d", null, null, null, GeoPoint.of(43.73, 7.42), null, null, null, 4, "z")),
            Map.of("d", List.of("p")),
            Map.of("d", List.of()),
            Map.of("d", "p"),
            Instant.parse("2026-12-07T02:00:00Z"));
    ObjectMapper smile = EventJson.smile();
    ObjectNode written = smile.valueToTree(now);
    assertThat(written.has("underWay")).as("the field an older job did not write").isTrue();
    written.remove("underWay");
    written.remove("stops");

    ReoptimizeRequest old =
        smile.readValue(smile.writeValueAsBytes(written), ReoptimizeRequest.class);

    assertThat(old.underWay()).isEmpty();
    assertThat(old.stops()).isEmpty();
    assertThat(old.jobs()).isEqualTo(now.jobs());
    assertThat(old.refsOf("d"))
        .as("without a stop order, a pair's pickup comes just before its delivery")
        .containsExactly(StopRef.pickup("p"), StopRef.dropoff("p"));
  }
}
