package io.fleetstream.deploy.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The load generator's HTTP connection reads the answers a server may give and survives a closed
 * connection.
 */
class LoopbackHttpTest {

  @Test
  void readsSizedAndChunkedBodiesOnOneKeptAliveConnectionAndReconnectsAfterClose()
      throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serverThread =
          new Thread(
              () ->
                  serve(
                      server,
                      requests,
                      List.of(
                          List.of(
                              "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n{\"id\":\"job_1\"}",
                              "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n",
                              "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"),
                          List.of(
                              "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"))));
      serverThread.setDaemon(true);
      serverThread.start();
      URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
      byte[] head = LoopbackHttp.postHead(base, "/api/v1/jobs", "Bearer k");
      try (LoopbackHttp http = new LoopbackHttp(base, 5_000)) {
        LoopbackHttp.Response first = http.post(head, "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.bodyText()).isEqualTo("{\"id\":\"job_1\"}");
        LoopbackHttp.Response second = http.post(head, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.bodyText()).isEqualTo("{\"a\":1}");
        assertThat(http.post(head, "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        // The server said Connection: close, so this goes out on a new connection.
        assertThat(http.post(head, "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(503);
      }
      assertThat(requests).hasSize(4);
      assertThat(requests.get(0))
          .startsWith("POST /api/v1/jobs HTTP/1.1\r\n")
          .contains("Authorization: Bearer k\r\n")
          .contains("Content-Length: 7\r\n")
          .endsWith("\r\n\r\n{\"x\":1}");
    }
  }

  @Test
  void aConnectionClosedMidAnswerIsAnError() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serverThread =
          new Thread(
              () ->
                  serve(
                      server,
                      new CopyOnWriteArrayList<>(),
                      List.of(
                          List.of("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"id\""))));
      serverThread.setDaemon(true);
      serverThread.start();
      URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
      try (LoopbackHttp http = new LoopbackHttp(base, 5_000)) {
        assertThatThrownBy(
                () -> http.post(LoopbackHttp.postHead(base, "/x", "Bearer k"), new byte[0]))
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void theJobIdComesFromTheBodyWithOrWithoutTheFastPath() {
    assertThat(ApiBenchmark.idOf("{\"id\":\"job_1\",\"object\":\"job\"}")).isEqualTo("job_1");
    assertThat(ApiBenchmark.idOf("{\"object\":\"job\",\"id\":\"job_2\"}")).isEqualTo("job_2");
    assertThat(ApiBenchmark.idOf("{ \"id\" : \"job_3\" }")).isEqualTo("job_3");
    assertThat(ApiBenchmark.idOf("{\"id\":\"a\\\"b\"}")).isEqualTo("a\"b");
  }

  /**
   * Answers each connection's requests with the next canned responses, then closes that connection.
   */
  private static void serve(
      ServerSocket server, List<String> requests, List<List<String>> perConnection) {
    for (List<String> answers : perConnection) {
      try (Socket s = server.accept()) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        for (String answer : answers) {
          StringBuilder request = new StringBuilder();
          int length = 0;
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            request.append(line).append("\r\n");
            if (line.startsWith("Content-Length: ")) {
              length = Integer.parseInt(line.substring(16));
            }
          }
          request.append("\r\n");
          char[] body = new char[length];
          int read = 0;
          while (read < length) {
            read += in.read(body, read, length - read);
          }
          requests.add(request + new String(body));
          out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
      } catch (IOException e) {
        return;
      }
    }
  }
}
