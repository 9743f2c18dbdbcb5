package io.fleetstream.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.WebhookEventData;
import io.fleetstream.schemas.json.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The names subscribers can choose (the bridge validates against the same list) are exactly the
 * names the job produces plus the functions' {@code endpoint.disabled}: none that is never sent,
 * none that cannot be subscribed to.
 */
class WebhookEventsTest {

  private static final Path GOLDEN =
      Path.of("..", "state-schemas", "src", "test", "resources", "golden", "valid");

  @Test
  void theContractsEveryEventYieldsExactlyTheSubscribableNames() throws IOException {
    List<CloudEvent> produced = new ArrayList<>();
    Collector<CloudEvent> out =
        new Collector<>() {
          @Override
          public void collect(CloudEvent record) {
            produced.add(record);
          }

          @Override
          public void close() {}
        };
    List<Path> files;
    try (Stream<Path> s = Files.list(GOLDEN)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    WebhookEvents notifier = new WebhookEvents();
    for (Path f : files) {
      notifier.flatMap(EventJson.readEvent(Files.readAllBytes(f)), out);
    }

    Set<String> names = new TreeSet<>();
    produced.forEach(e -> names.add(e.data(WebhookEventData.class).event()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(WebhookEventData.DISPATCH_EVENT_NAMES);
    assertThat(WebhookEventData.EVENT_NAMES)
        .as("what an endpoint may subscribe to: the job's events and the functions' one")
        .containsExactlyInAnyOrderElementsOf(
            union(WebhookEventData.DISPATCH_EVENT_NAMES, WebhookEventData.ENDPOINT_DISABLED));
    assertThat(produced)
        .allSatisfy(
            e -> {
              WebhookEventData data = e.data(WebhookEventData.class);
              assertThat(data.data()).as(data.event()).containsKey(idKey(data.event()));
            });
  }

  private static Set<String> union(Set<String> names, String more) {
    Set<String> all = new TreeSet<>(names);
    all.add(more);
    return all;
  }

  private static String idKey(String name) {
    return name.startsWith("optimization.") ? "run_id" : "job_id";
  }
}
