package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.DispatchStack;
import io.fleetstream.bridge.testing.DocExamples;
import io.fleetstream.bridge.testing.EventStreamClient;
import io.fleetstream.bridge.testing.OpenApiCheck;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every example request of docs/api.md and the README runs, in order, and gets the status the page
 * promises.
 */
class DocsExamplesITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static DispatchStack dispatch;
  static RunningBridge bridge;

  @BeforeAll
  static void start() throws Exception {
    dispatch = DispatchStack.start(KAFKA.bootstrapServers());
    bridge = RunningBridge.start(KAFKA.bootstrapServers(), RunningBridge.tempDir(), c -> c);
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
    dispatch.close();
  }

  @Test
  void theApiGuidesExamplesRun() throws Exception {
    assertThat(run(ROOT.resolve("docs/api.md"))).isGreaterThanOrEqualTo(20);
  }

  @Test
  void theReadmesExamplesRun() throws Exception {
    assertThat(run(ROOT.resolve("README.md"))).isGreaterThanOrEqualTo(2);
  }

  private static int run(Path page) throws Exception {
    List<DocExamples.Example> examples = DocExamples.read(page);
    Api api = bridge.api();
    OpenApiCheck contract = new OpenApiCheck(api.get("/.well-known/openapi.json").send().json());
    Map<String, String> vars = new HashMap<>();
    vars.put("FLEETSTREAM", bridge.bridge().url());
    vars.put("OPERATOR_KEY", RunningBridge.operatorKey(bridge.bridge()));
    for (DocExamples.Example example : examples) {
      DocExamples.Curl curl = DocExamples.parse(example.command(), vars);
      assertThat(curl.url()).as(example.name()).startsWith(bridge.bridge().url());
      if (curl.maxTimeSeconds() != null) {
        stream(example, curl);
        continue;
      }
      Api.Response[] last = {send(api, curl)};
      if (example.retry() && last[0].status() != example.expect()) {
        try {
          Awaitility.await(example.name())
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> (last[0] = send(api, curl)).status() == example.expect());
        } catch (ConditionTimeoutException e) {
          // the assertion below reports the last answer
        }
      }
      Api.Response r = last[0];
      Api.Response answer = r;
      assertThat(r.status())
          .as(page.getFileName() + " example '" + example.name() + "': " + r)
          .isEqualTo(example.expect());
      String path = curl.url().substring(bridge.bridge().url().length());
      assertThat(contract.problems(curl.method(), path, r.status(), r.raw().body()))
          .as(example.name())
          .isEmpty();
      example
          .saves()
          .forEach(
              (var, field) ->
                  vars.put(var, answer.json().at("/" + field.replace('.', '/')).asText()));
    }
    return examples.size();
  }

  private static Api.Response send(Api api, DocExamples.Curl curl) {
    Api.Call call = api.call(curl.method(), curl.url().substring(bridge.bridge().url().length()));
    String contentType = curl.headers().get("Content-Type");
    curl.headers()
        .forEach(
            (k, v) -> {
              if (!k.equals("Content-Type")) {
                call.header(k, v);
              }
            });
    if (curl.data() != null) {
      call.raw(curl.data().getBytes(StandardCharsets.UTF_8), contentType);
    }
    return call.send();
  }

  /**
   * An event-stream example: read for its {@code --max-time}, as curl would, then check what came:
   * the status, the media type, at least the events the page promises, each a CloudEvent.
   */
  private static void stream(DocExamples.Example example, DocExamples.Curl curl) throws Exception {
    EventStreamClient client = EventStreamClient.open(curl.url(), curl.headers());
    try {
      assertThat(client.status()).as(example.name()).isEqualTo(example.expect());
      assertThat(client.contentType()).as(example.name()).startsWith("text/event-stream");
      Thread.sleep(curl.maxTimeSeconds() * 1000L);
    } finally {
      client.close();
    }
    assertThat(client.events()).as(example.name()).hasSizeGreaterThanOrEqualTo(example.minEvents());
    for (EventStreamClient.Event e : client.events()) {
      assertThat(new ObjectMapper().readTree(e.data()).path("specversion").asText())
          .as(example.name())
          .isEqualTo("1.0");
      assertThat(e.id()).as(example.name()).startsWith("1");
    }
  }
}
