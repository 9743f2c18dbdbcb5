package io.fleetstream.deploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A bridge's admin routes for an account's own records ({@code
 * /api/v1/admin/accounts/{id}/records}, operator key only): read page by page on backup, written in
 * batches under the bridge's request body limit on restore.
 */
public final class BridgeAccounts {

  /** Bytes of records per write, well under the bridge's default body limit of 1 MiB. */
  static final int BATCH_BYTES = 256 * 1024;

  static final int BATCH_RECORDS = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String operatorKey;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param url the bridge's base URL ({@code http://127.0.0.1:8080})
   * @param operatorKey the operator's admin key ({@code <data dir>/bridge/operator.key})
   */
  public BridgeAccounts(String url, String operatorKey) {
    this.url = Objects.requireNonNull(url, "url").replaceAll("/+$", "");
    this.operatorKey = Objects.requireNonNull(operatorKey, "operatorKey");
  }

  String url() {
    return url;
  }

  /** Hands every record of the account to {@code each}, in the bridge's order; returns how many. */
  long export(String account, Consumer<JsonNode> each) throws IOException {
    long n = 0;
    String cursor = null;
    do {
      String query =
          cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      JsonNode page = call(HttpRequest.newBuilder(uri(account, query)).GET());
      for (JsonNode r : page.path("data")) {
        each.accept(r);
        n++;
      }
      cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
    } while (cursor != null);
    return n;
  }

  /** Writes the records in batches; returns what the bridge wrote per table and what it kept. */
  Written write(String account, List<JsonNode> records) throws IOException {
    Map<String, Long> written = new LinkedHashMap<>();
    long skipped = 0;
    int from = 0;
    while (from < records.size()) {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode batch = body.putArray("records");
      int bytes = 0;
      int to = from;
      while (to < records.size() && batch.size() < BATCH_RECORDS) {
        JsonNode r = records.get(to);
        int size = r.toString().length();
        if (!batch.isEmpty() && bytes + size > BATCH_BYTES) {
          break; // the next batch: a body stays under the limit unless one record is over it
        }
        batch.add(r);
        bytes += size;
        to++;
      }
      JsonNode answer =
          call(
              HttpRequest.newBuilder(uri(account, ""))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
      answer
          .path("written")
          .fields()
          .forEachRemaining(e -> written.merge(e.getKey(), e.getValue().asLong(), Long::sum));
      skipped += answer.path("skipped").asLong();
      from = to;
    }
    return new Written(written, skipped);
  }

  /** What a restore wrote into the bridge, per table, and the records it already had. */
  record Written(Map<String, Long> perTable, long skipped) {
    long total() {
      return perTable.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private URI uri(String account, String query) {
    return URI.create(
        url
            + "/api/v1/admin/accounts/"
            + URLEncoder.encode(account, StandardCharsets.UTF_8)
            + "/records"
            + query);
  }

  private JsonNode call(HttpRequest.Builder request) throws IOException {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              request
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", "Bearer " + operatorKey)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the bridge at " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode answer;
    try {
      answer = r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      answer = JSON.nullNode();
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "the bridge at "
              + url
              + " refused ("
              + r.statusCode()
              + "): "
              + answer.path("error").path("message").asText(r.body()));
    }
    return answer;
  }
}
