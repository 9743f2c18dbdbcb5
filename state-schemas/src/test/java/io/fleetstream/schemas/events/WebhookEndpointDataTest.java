package io.fleetstream.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookEndpointDataTest {

  private static final String SEALED = "c2VhbGVkLWN1cnJlbnQtc2VjcmV0LW5vbmNlLWNpcGhlcnRleHQtdGFn";
  private static final String PREVIOUS =
      "c2VhbGVkLXByZXZpb3VzLXNlY3JldC1ub25jZS1jaXBoZXJ0ZXh0LXRhZw";

  private static WebhookEndpointData endpoint(List<String> events) {
    return new WebhookEndpointData(
        "whe_1",
        "https://hooks.example.com/x",
        events,
        true,
        "board",
        SEALED,
        PREVIOUS,
        Instant.parse("2026-05-09T14:00:00Z"),
        null,
        Instant.parse("2026-05-08T14:00:00Z"));
  }

  @Test
  void toStringNeverPrintsTheSealedSecrets() {
    WebhookEndpointData data = endpoint(List.of("*"));
    CloudEvent event =
        CloudEvent.create(EventType.WEBHOOK_ENDPOINT_UPSERTED, "/test", "acct_demo", "whe_1", data);

    assertThat(data.toString())
        .doesNotContain(SEALED)
        .doesNotContain(PREVIOUS)
        .contains("secretSealed=(sealed)", "previousSecretSealed=(sealed)", "whe_1");
    // An event prints its data: the secrets stay out of log lines of whole events too.
    assertThat(event.toString()).doesNotContain(SEALED).doesNotContain(PREVIOUS);
  }

  @Test
  void toStringSaysNoneWithoutSecrets() {
    WebhookEndpointData deleted =
        new WebhookEndpointData(
            "whe_1", null, null, null, null, null, null, null, null, Instant.EPOCH);

    assertThat(deleted.toString()).contains("secretSealed=none", "previousSecretSealed=none");
  }

  @Test
  void eventsAreAnImmutableCopyAndAbsentStaysAbsent() {
    List<String> events = new ArrayList<>(List.of("job.assigned"));
    WebhookEndpointData data = endpoint(events);
    events.add("sla.at_risk");

    assertThat(data.events()).containsExactly("job.assigned");
    assertThatThrownBy(() -> data.events().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(endpoint(null).events()).isNull();
  }
}
