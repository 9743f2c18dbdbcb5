package io.fleetstream.bridge.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fleetstream.bridge.testing.Api;
import io.fleetstream.bridge.testing.RunningBridge;
import io.fleetstream.broker.junit.KafkaBrokerExtension;
import io.fleetstream.connectors.outbound.OutboundPolicy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the HTTP routes of a bridge configured like a production one (public targets only, plus
 * one opened network, 127.0.0.3/32, where the receiver listens): every non-public range is refused
 * at create and at patch with a 400 naming {@code url}, and a receiver's redirect to a private
 * address is reported, not followed.
 */
class WebhookTargetsITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static RunningBridge bridge;
  static Api api;
  static String key;
  static HttpServer receiver;
  static final AtomicInteger privateHits = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    bridge =
        RunningBridge.start(
            KAFKA.bootstrapServers(),
            RunningBridge.tempDir(),
            c -> c.withWebhookTargets(OutboundPolicy.allowing(List.of("127.0.0.3/32"))));
    api = bridge.api();
    key = api.newKey("targets", 0);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.3", 0), 0);
    receiver.createContext(
        "/redirect",
        x -> {
          // To this machine by another loopback address, which is not opened.
          x.getResponseHeaders()
              .add("Location", "http://127.0.0.2:" + receiver.getAddress().getPort() + "/private");
          x.sendResponseHeaders(307, -1);
          x.close();
        });
    receiver.createContext(
        "/private",
        x -> {
          privateHits.incrementAndGet();
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    receiver.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (receiver != null) {
      receiver.stop(0);
    }
    if (bridge != null) {
      bridge.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0.0.0.0/h",
        "http://127.0.0.2/h",
        "http://localhost/h",
        "http://10.1.2.3/h",
        "http://172.16.0.1/h",
        "http://192.168.1.1/h",
        "http://100.64.0.1/h",
        "http://169.254.169.254/latest/meta-data",
        "http://224.0.0.1/h",
        "http://240.0.0.1/h",
        "http://255.255.255.255/h",
        "http://[::1]/h",
        "http://[::]/h",
        "http://[fc00::1]/h",
        "http://[fd12:3456::1]/h",
        "http://[fe80::1]/h",
        "http://[ff02::1]/h",
        "http://[::ffff:10.0.0.1]/h",
        "http://[::ffff:7f00:2]/h",
        "http://[64:ff9b::a00:1]/h",
        "http://[2002:a00:1::1]/h"
      })
  void aNonPublicTargetIsRefusedAtCreateAndAtPatch(String url) {
    Api.Response created =
        api.post("/api/v1/webhook_endpoints").key(key).json("{\"url\": \"" + url + "\"}").send();
    assertThat(created.status()).as("%s: %s", url, created).isEqualTo(400);
    assertThat(created.error().path("param").asText()).isEqualTo("url");

    String allowed = endpoint("http://127.0.0.3:" + receiver.getAddress().getPort() + "/private");
    Api.Response patched =
        api.patch("/api/v1/webhook_endpoints/" + allowed)
            .key(key)
            .json("{\"url\": \"" + url + "\"}")
            .send();
    assertThat(patched.status()).as("%s: %s", url, patched).isEqualTo(400);
    assertThat(patched.error().path("param").asText()).isEqualTo("url");
  }

  @Test
  void aRedirectToAPrivateAddressIsReportedNotFollowed() {
    String hook = endpoint("http://127.0.0.3:" + receiver.getAddress().getPort() + "/redirect");
    int before = privateHits.get();
    Api.Response test = api.post("/api/v1/webhook_endpoints/" + hook + "/test").key(key).send();
    assertThat(test.status()).as("%s", test).isEqualTo(200);
    assertThat(test.json().path("delivered").asBoolean()).isFalse();
    assertThat(test.json().path("status_code").asInt()).isEqualTo(307);
    assertThat(privateHits.get()).as("the redirect's target").isEqualTo(before);
  }

  @Test
  void anOpenedNetworkIsReachableAndTheTestSendIsSignedBothWays() {
    List<String> headers = new ArrayList<>();
    receiver.createContext(
        "/signed",
        x -> {
          headers.add(String.valueOf(x.getRequestHeaders().getFirst("X-OwnRoute-Signature")));
          headers.add(String.valueOf(x.getRequestHeaders().getFirst("webhook-signature")));
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    String hook = endpoint("http://127.0.0.3:" + receiver.getAddress().getPort() + "/signed");
    Api.Response test = api.post("/api/v1/webhook_endpoints/" + hook + "/test").key(key).send();
    assertThat(test.json().path("delivered").asBoolean()).as("%s", test).isTrue();
    assertThat(headers.get(0)).startsWith("t=").contains(",v1=");
    assertThat(headers.get(1)).startsWith("v1,");
  }

  private static String endpoint(String url) {
    Api.Response r =
        api.post("/api/v1/webhook_endpoints").key(key).json("{\"url\": \"" + url + "\"}").send();
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().path("id").asText();
  }
}
