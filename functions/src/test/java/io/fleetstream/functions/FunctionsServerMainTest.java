package io.fleetstream.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.connectors.secrets.SecretSeal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionsServerMainTest {

  @Test
  void refusesToStartWithoutTheBridgesSealingKey() {
    // A key of its own would open none of the endpoint secrets the bridge sealed.
    assertThatThrownBy(() -> FunctionsServerMain.server(new String[] {"--port=0"}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FLEETSTREAM_WEBHOOK_SEAL_KEY");
  }

  @Test
  void refusesAMisspeltFlag() {
    assertThatThrownBy(
            () ->
                FunctionsServerMain.server(new String[] {"--prot=8000"}, SecretSeal.newBase64Key()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--prot=8000");
  }

  @Test
  void servesTheStatefunRouteOnTheGivenAddress(@TempDir Path dir) throws Exception {
    Path keyFile = Files.writeString(dir.resolve("seal.key"), SecretSeal.newBase64Key());
    try (FunctionsServer server =
        FunctionsServerMain.server(
                new String[] {"--host=127.0.0.1", "--port=0", "--seal-key-file=" + keyFile}, null)
            .start()) {
      assertThat(server.url()).startsWith("http://127.0.0.1:").endsWith("/statefun");
      HttpClient http = HttpClient.newHttpClient();
      // An empty batch is no invocation the SDK can read, but the route is there to refuse it,
      // where any other path is unknown.
      assertThat(post(http, server.url())).isNotEqualTo(404);
      assertThat(post(http, server.url().replace("/statefun", "/elsewhere"))).isEqualTo(404);
    }
  }

  private static int post(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
