package io.fleetstream.bridge.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test client of {@code GET /api/v1/events}: reads the stream on its own thread and keeps every
 * event, as a browser's {@code EventSource} would see them (fields {@code event}, {@code id},
 * {@code data}; comments counted, not kept).
 */
public final class EventStreamClient implements AutoCloseable {

  /** One received event. */
  public record Event(String event, String id, String data) {}

  private final HttpResponse<InputStream> response;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile int comments;
  private volatile boolean ended;

  private EventStreamClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "test-sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Opens {@code url} with the key and, when not null, {@code Last-Event-ID}; returns once the
   * response head arrived (check {@link #status()}).
   */
  public static EventStreamClient open(String url, String key, String lastEventId)
      throws IOException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + key);
    headers.put("Accept", "text/event-stream");
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    return open(url, headers);
  }

  /** Opens {@code url} with exactly these request headers. */
  public static EventStreamClient open(String url, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    headers.forEach(b::header);
    HttpResponse<InputStream> r =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    return new EventStreamClient(r);
  }

  public int status() {
    return response.statusCode();
  }

  public String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public int comments() {
    return comments;
  }

  /** True once the server ended the stream. */
  public boolean ended() {
    return ended;
  }

  /** The id of the last event received, for {@code Last-Event-ID}. */
  public String lastId() {
    return events.isEmpty() ? null : events.get(events.size() - 1).id();
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String event = null;
      String id = null;
      List<String> data = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(event == null ? "message" : event, id, String.join("\n", data)));
          }
          event = null;
          data.clear();
        } else if (line.startsWith(":")) {
          comments++;
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          value = value.startsWith(" ") ? value.substring(1) : value;
          switch (field) {
            case "event" -> event = value;
            case "id" -> id = value;
            case "data" -> data.add(value);
            default -> {}
          }
        }
      }
    } catch (IOException e) {
      // closed by close() or by the server
    } finally {
      ended = true;
    }
  }

  /** Disconnects, as a client that goes away. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already gone
    }
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
