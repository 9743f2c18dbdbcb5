package io.fleetstream.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.broker.process.LocalPorts;
import io.fleetstream.connectors.kafka.EventProducer;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.connectors.outbound.OutboundPolicy;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.functions.webhooks.WebhookDeliveryConfig;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.WebhookEndpointData;
import io.fleetstream.schemas.events.WebhookEventData;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.statefun.FunctionsRuntime;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Killing the Stateful Functions runtime ({@code kill -9}) and, separately, stopping the functions
 * server mid-stream loses no event: after a restart every event reaches its endpoint (at least
 * once; receivers de-duplicate on the stable id).
 */
class WebhookDeliveryRecoveryITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String TENANT = "acct_recovery";
  private static final int EVENTS = 60;

  private final SecretSeal seal = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());
  private final Set<String> receivedIds = ConcurrentHashMap.newKeySet();

  @Test
  void killingTheRuntimeAndStoppingTheFunctionsServerLoseNoEvent() throws Exception {
    TopicAdmin.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .partitions(2)
        .build()
        .ensureTopics();
    Path dir =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "webhook-recovery-");
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          receivedIds.add(EventJson.mapper().readTree(body).get("id").asText());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    int functionsPort = LocalPorts.freePort();
    FunctionsServer server = server(functionsPort);
    FunctionsRuntime runtime = runtime(dir, server);
    try (EventProducer producer = new EventProducer(KAFKA.bootstrapServers())) {
      producer.send(
          CloudEvent.create(
              EventType.WEBHOOK_ENDPOINT_UPSERTED,
              "/test",
              TENANT,
              "whe_steady",
              new WebhookEndpointData(
                  "whe_steady",
                  "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                  List.of("*"),
                  true,
                  null,
                  seal.seal(TENANT, "whsec_c3RlYWR5"),
                  null,
                  null,
                  null,
                  Instant.now())));
      Set<String> sent = new TreeSet<>();
      for (int i = 0; i < EVENTS / 2; i++) {
        sent.add(send(producer, i));
      }
      producer.flush();
      await("some deliveries before the kill")
          .atMost(Duration.ofSeconds(60))
          .until(() -> receivedIds.size() >= 5);
      // The kill must hit a runtime with something to resume from: a completed checkpoint.
      await("a completed checkpoint before the kill")
          .atMost(Duration.ofSeconds(60))
          .until(() -> completedCheckpoint(dir.resolve("statefun").resolve("checkpoints")));

      FunctionsRuntime killed = runtime;
      ProcessHandle.of(killed.pid()).ifPresent(ProcessHandle::destroyForcibly);
      await().atMost(Duration.ofSeconds(10)).until(() -> !killed.isAlive());
      killed.close();
      for (int i = EVENTS / 2; i < EVENTS; i++) {
        sent.add(send(producer, i));
      }
      producer.flush();
      runtime = runtime(dir, server);
      assertThat(Files.readString(runtime.log())).contains("resuming from");

      server.close();
      Thread.sleep(2_000); // invocations fail meanwhile; the runtime retries them
      server = server(functionsPort);

      await("every event delivered after the kill and the server's restart")
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> assertThat(receivedIds).as("missing %s", missing(sent)).containsAll(sent));
    } finally {
      runtime.close();
      server.close();
      receiver.stop(0);
    }
  }

  private Set<String> missing(Set<String> sent) {
    return sent.stream().filter(id -> !receivedIds.contains(id)).collect(Collectors.toSet());
  }

  private static String send(EventProducer producer, int i) {
    CloudEvent event =
        CloudEvent.create(
            EventType.WEBHOOK_EVENT,
            "/test",
            TENANT,
            "job_" + (i % 7),
            new WebhookEventData(
                "job.assigned",
                Map.of("job_id", "job_" + (i % 7), "n", i),
                "evt_src_" + i,
                Instant.now()));
    producer.send(event);
    return event.id();
  }

  private FunctionsServer server(int port) {
    return FunctionsServer.builder()
        .port(port)
        .delivery(
            new WebhookDeliveryConfig(
                seal,
                IntStream.range(0, 8).mapToObj(i -> Duration.ofMillis(i == 0 ? 0 : 500)).toList(),
                0.1,
                Duration.ofSeconds(5),
                Duration.ofDays(5),
                OutboundPolicy.ALLOW_ALL))
        .build()
        .start();
  }

  private static boolean completedCheckpoint(Path checkpoints) throws java.io.IOException {
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (var files = Files.walk(checkpoints)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("_metadata"));
    }
  }

  private static FunctionsRuntime runtime(Path dir, FunctionsServer server) {
    return FunctionsRuntime.builder()
        .dataDir(dir.resolve("statefun"))
        .moduleYaml(
            FunctionsModule.yaml(KAFKA.bootstrapServers(), server.url(), Duration.ofMinutes(1)))
        .checkpointInterval(Duration.ofMillis(500))
        .build()
        .start();
  }
}
