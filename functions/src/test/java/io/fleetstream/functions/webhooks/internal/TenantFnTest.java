package io.fleetstream.functions.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.events.WebhookEventData;
import io.fleetstream.schemas.events.WebhookReplayData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.testing.SideEffects;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.junit.jupiter.api.Test;

/** A tenant's function: which endpoint gets which event, and a replay to exactly one endpoint. */
class TenantFnTest {

  private static final String TENANT = "acct_unit";
  private static final Address SELF = new Address(TenantFn.TYPE, TENANT);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TenantFn fn = new TenantFn();
  private final TestContext context = TestContext.forTarget(SELF);

  @Test
  void anEventGoesToEverySubscribedEndpointAndAReplayToTheOneAskedFor() throws Exception {
    Instant registered = Instant.now().minusSeconds(3600);
    apply(endpoint("whe_a", List.of("job.assigned"), registered));
    apply(endpoint("whe_b", List.of("*"), registered));
    apply(endpoint("whe_c", List.of("sla.breached"), registered));
    int before = context.getSentMessages().size();

    Instant happened = Instant.parse("2026-12-04T10:00:00.123Z");
    CloudEvent assigned =
        CloudEvent.create(
            EventType.WEBHOOK_EVENT,
            "/test",
            TENANT,
            "job_1",
            new WebhookEventData("job.assigned", Map.of("job_id", "job_1"), "evt_src", happened));
    apply(assigned);

    List<SideEffects.SendSideEffect> fanned =
        context.getSentMessages().subList(before, context.getSentMessages().size());
    assertThat(fanned)
        .extracting(s -> s.message().targetAddress().id())
        .containsExactly(TENANT + "/whe_a", TENANT + "/whe_b");
    Messages.Deliver first = fanned.get(0).message().as(Messages.DELIVER);
    JsonNode body = JSON.readTree(first.body());
    assertThat(body.path("id").asText()).isEqualTo(assigned.id());
    assertThat(body.path("created_at").asText()).isEqualTo("2026-12-04T10:00:00.123Z");

    // The subscriber of whe_c (not subscribed to job.assigned) asks for the event again.
    int beforeReplay = context.getSentMessages().size();
    apply(
        CloudEvent.create(
            EventType.WEBHOOK_REPLAY_REQUESTED,
            "/api/v1",
            TENANT,
            "whe_c",
            new WebhookReplayData(
                "whe_c",
                assigned.id(),
                "job.assigned",
                Map.of("job_id", "job_1"),
                "evt_src",
                happened,
                Instant.now())));

    List<SideEffects.SendSideEffect> replayed =
        context.getSentMessages().subList(beforeReplay, context.getSentMessages().size());
    assertThat(replayed)
        .extracting(s -> s.message().targetAddress().id())
        .containsExactly(TENANT + "/whe_c");
    Messages.Deliver again = replayed.get(0).message().as(Messages.DELIVER);
    assertThat(again.body()).as("the same body, id included").isEqualTo(first.body());
    assertThat(again.eventId()).isEqualTo(assigned.id());
  }

  private void apply(CloudEvent event) throws Exception {
    Message message =
        MessageBuilder.forAddress(SELF).withCustomType(Messages.CLOUD_EVENT, event).build();
    fn.apply(context, message).get();
  }

  private static CloudEvent endpoint(String id, List<String> events, Instant at) {
    return CloudEvent.create(
        EventType.WEBHOOK_ENDPOINT_UPSERTED,
        "/test",
        TENANT,
        id,
        new WebhookEndpointData(
            id,
            "https://hooks.example.com/" + id,
            events,
            true,
            null,
            "sealed",
            null,
            null,
            null,
            at));
  }
}
