package io.fleetstream.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A real HTTP client against a running bridge, as an agent would use it. */
public final class Api {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final java.util.List<String> contractProblems =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile OpenApiCheck contract;
  private volatile String operatorKey;

  public Api(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * From now on every response is checked against the document; see {@link #contractProblems()}.
   */
  public Api checkAgainst(OpenApiCheck check) {
    this.contract = check;
    return this;
  }

  /** The operator's admin key, which {@link #newKey} uses to top up the accounts it makes. */
  public Api operatorKey(String key) {
    this.operatorKey = key;
    return this;
  }

  public String operatorKey() {
    return operatorKey;
  }

  /** Responses that broke the OpenAPI document so far. */
  public java.util.List<String> contractProblems() {
    return contractProblems;
  }

  /** A response with its body parsed (or null when it was not JSON). */
  public record Response(int status, HttpResponse<String> raw, JsonNode json) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public JsonNode error() {
      return json.path("error");
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  /** A request being built: {@code api.post("/api/v1/jobs").key(k).json("{...}").send()}. */
  public final class Call {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body;

    Call(String method, String path) {
      this.method = method;
      this.path = path;
    }

    public Call key(String key) {
      return header("Authorization", "Bearer " + key);
    }

    public Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Call idempotencyKey(String key) {
      return header("Idempotency-Key", key);
    }

    public Call json(String json) {
      headers.putIfAbsent("Content-Type", "application/json");
      this.body = json.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Call raw(byte[] bytes, String contentType) {
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      this.body = bytes;
      return this;
    }

    public Response send() {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
      headers.forEach(b::header);
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      try {
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
          json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException notJson) {
          // left null: the test asserts on it
        }
        OpenApiCheck check = contract;
        if (check != null) {
          contractProblems.addAll(check.problems(method, path, r.statusCode(), r.body()));
        }
        return new Response(r.statusCode(), r, json);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public Call get(String path) {
    return new Call("GET", path);
  }

  public Call post(String path) {
    return new Call("POST", path);
  }

  public Call patch(String path) {
    return new Call("PATCH", path);
  }

  public Call delete(String path) {
    return new Call("DELETE", path);
  }

  public Call call(String method, String path) {
    return new Call(method, path);
  }

  /**
   * Signs up and returns the new key; {@code extra} adds fields such as {@code "sandbox": true}.
   */
  public Response signup(String agentId, String extraJson) {
    String more = extraJson == null || extraJson.isBlank() ? "" : ", " + extraJson;
    return post("/api/v1/agent_signup")
        .json("{\"agent_id\": \"" + agentId + "\"" + more + "}")
        .send();
  }

  /**
   * Signs up and has the operator credit {@code usd} (sign-up itself creates no balance); returns
   * the new key.
   */
  public String newKey(String agentId, double usd) {
    Response r = signup(agentId, null);
    if (r.status() != 201) {
      throw new AssertionError("signup failed: " + r);
    }
    if (usd > 0) {
      credit(
          r.json().path("account_id").asText(), java.math.BigDecimal.valueOf(usd).toPlainString());
    }
    return r.json().path("api_key").asText();
  }

  /** Tops an account up through the operator's path. */
  public Response credit(String accountId, String usd) {
    if (operatorKey == null) {
      throw new IllegalStateException(
          "no operator key: use RunningBridge.api() or operatorKey(...)");
    }
    Response r =
        post("/api/v1/admin/accounts/" + accountId + "/credit")
            .key(operatorKey)
            .json("{\"usd\": " + usd + ", \"note\": \"test top-up\"}")
            .send();
    if (r.status() != 200) {
      throw new AssertionError("credit failed: " + r);
    }
    return r;
  }

  public String baseUrl() {
    return baseUrl;
  }
}
