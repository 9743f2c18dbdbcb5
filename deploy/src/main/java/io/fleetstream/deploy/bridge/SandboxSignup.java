package io.fleetstream.deploy.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A sandbox account signed up through a bridge's API, as the benchmarks and tests need one.
 *
 * @param key the account's first key (every scope)
 */
public record SandboxSignup(String key, String accountId) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static SandboxSignup of(HttpClient http, String bridgeUrl, String agentId)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(bridgeUrl + "/api/v1/agent_signup"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(
                        java.util.Map.of("agent_id", agentId, "sandbox", true))))
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("signup failed: " + r.statusCode() + " " + r.body());
    }
    JsonNode json = JSON.readTree(r.body());
    return new SandboxSignup(json.path("api_key").asText(), json.path("account_id").asText());
  }
}
