package io.fleetstream.connectors.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbound calls against a real local HTTP server: what is sent, refused, bounded and reported. */
class OutboundHttpTest {

  private HttpServer server;
  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ok",
        x -> {
          seen.add(
              Map.of(
                  "signature", String.valueOf(x.getRequestHeaders().getFirst("X-Signature")),
                  "type", String.valueOf(x.getRequestHeaders().getFirst("Content-Type")),
                  "agent", String.valueOf(x.getRequestHeaders().getFirst("User-Agent")),
                  "body", new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          x.getResponseHeaders().add("Retry-After", "7");
          byte[] answer = "thanks".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, answer.length);
          x.getResponseBody().write(answer);
          x.close();
        });
    server.createContext(
        "/redirect",
        x -> {
          x.getResponseHeaders().add("Location", base + "/ok");
          x.sendResponseHeaders(302, -1);
          x.close();
        });
    server.createContext(
        "/huge",
        x -> {
          x.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          try {
            for (int i = 0; i < 1024; i++) { // 64 MiB unless the caller stops reading
              x.getResponseBody().write(chunk);
            }
          } catch (java.io.IOException stopped) {
            // the caller hung up, as it should
          }
          x.close();
        });
    server.createContext(
        "/slow",
        x -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void postsTheBodyAndHeadersAndReportsTheAnswer() {
    try (OutboundHttp http = http(OutboundPolicy.ALLOW_ALL, 1024)) {
      OutboundHttp.Response r =
          http.post(base + "/ok", Map.of("X-Signature", "v1,abc"), "application/json", body())
              .join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("thanks");
      assertThat(r.header("retry-after")).contains("7");
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0))
          .containsEntry("signature", "v1,abc")
          .containsEntry("type", "application/json")
          .containsEntry("agent", "Fleetstream-Webhooks/1")
          .containsEntry("body", "{\"event\":\"job.assigned\"}");
    }
  }

  @Test
  void loopbackIsRefusedUnlessItsNetworkIsAllowedAndNothingIsSent() {
    try (OutboundHttp publicOnly = http(OutboundPolicy.PUBLIC_ONLY, 1024)) {
      assertThat(failure(publicOnly, base + "/ok"))
          .isEqualTo(OutboundHttp.FailureKind.REFUSED_ADDRESS);
      String byName = "http://localhost:" + server.getAddress().getPort() + "/ok";
      assertThat(failure(publicOnly, byName)).isEqualTo(OutboundHttp.FailureKind.REFUSED_ADDRESS);
      assertThat(seen).isEmpty();
    }
    try (OutboundHttp allowed = http(OutboundPolicy.allowing(List.of("127.0.0.0/8")), 1024)) {
      assertThat(allowed.post(base + "/ok", Map.of(), "application/json", body()).join().status())
          .isEqualTo(200);
    }
  }

  @Test
  void aRedirectIsReportedNotFollowed() {
    try (OutboundHttp http = http(OutboundPolicy.ALLOW_ALL, 1024)) {
      OutboundHttp.Response r =
          http.post(base + "/redirect", Map.of(), "application/json", body()).join();
      assertThat(r.status()).isEqualTo(302);
      assertThat(seen).as("the redirect's target was not called").isEmpty();
    }
  }

  @Test
  void onlyTheFirstBytesOfAHugeAnswerAreKeptAndTheRestIsNotRead() {
    try (OutboundHttp http = http(OutboundPolicy.ALLOW_ALL, 4096)) {
      long t0 = System.nanoTime();
      OutboundHttp.Response r =
          http.post(base + "/huge", Map.of(), "application/json", body()).join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.truncated()).isTrue();
      assertThat(r.body()).hasSize(4096);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void slowClosedAndMalformedTargetsFailWithTheirClass() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (OutboundHttp http =
        OutboundHttp.builder()
            .policy(OutboundPolicy.ALLOW_ALL)
            .requestTimeout(Duration.ofMillis(500))
            .build()) {
      assertThat(failure(http, base + "/slow")).isEqualTo(OutboundHttp.FailureKind.TIMEOUT);
      assertThat(failure(http, "http://127.0.0.1:" + closed + "/"))
          .isEqualTo(OutboundHttp.FailureKind.CONNECT);
      assertThat(failure(http, "ftp://example.com/x"))
          .isEqualTo(OutboundHttp.FailureKind.INVALID_URL);
      assertThat(failure(http, "http://exa mple.com/"))
          .isEqualTo(OutboundHttp.FailureKind.INVALID_URL);
    }
  }

  private static OutboundHttp http(OutboundPolicy policy, int maxBytes) {
    return OutboundHttp.builder().policy(policy).maxResponseBytes(maxBytes).build();
  }

  private static byte[] body() {
    return "{\"event\":\"job.assigned\"}".getBytes(StandardCharsets.UTF_8);
  }

  private static OutboundHttp.FailureKind failure(OutboundHttp http, String url) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> http.post(url, Map.of(), "application/json", body()).join());
    assertThat(thrown).as(url).isInstanceOf(CompletionException.class);
    assertThat(thrown.getCause()).as(url).isInstanceOf(OutboundHttp.Failure.class);
    return ((OutboundHttp.Failure) thrown.getCause()).kind();
  }

  @Test
  void aBadAllowedNetworkIsRefusedWhenConfigured() {
    assertThatThrownBy(() -> OutboundPolicy.allowing(List.of("intranet.example.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intranet.example.com");
    assertThatThrownBy(() -> OutboundPolicy.allowing(List.of("10.0.0.0/33")))
        .hasMessageContaining("prefix");
  }

  @Test
  void allowedNetworksMatchByPrefixInBothFamilies() throws Exception {
    OutboundPolicy p = OutboundPolicy.allowing(List.of("10.20.0.0/16", "fd00:1::/32"));
    assertThat(p.refusal(java.net.InetAddress.getByName("10.20.255.1"))).isEmpty();
    assertThat(p.refusal(java.net.InetAddress.getByName("10.21.0.1"))).isPresent();
    assertThat(p.refusal(java.net.InetAddress.getByName("fd00:1:ffff::1"))).isEmpty();
    assertThat(p.refusal(java.net.InetAddress.getByName("fd00:2::1"))).isPresent();
    assertThat(p.refusal(java.net.InetAddress.getByName("8.8.8.8"))).isEmpty();
  }
}
