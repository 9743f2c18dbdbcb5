package io.fleetstream.bridge.internal.http;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Opens an {@link EventStream} on Javalin's server-sent-events support: Javalin sets up the
 * response and keeps it open; the frames are written here, a batch of events per write and flush
 * (Javalin's emitter flushes after every event, which costs a system call per event and client).
 */
final class EventStreams {

  private EventStreams() {}

  /**
   * The caller has checked that the client accepts {@code text/event-stream}: Javalin's handler
   * silently does nothing otherwise.
   */
  static void open(Context ctx, EventStream stream) throws Exception {
    new SseHandler(
            client -> {
              // Without keepAlive Javalin ends the response as soon as this consumer returns.
              client.keepAlive();
              stream.opened(new JavalinSink(client));
            })
        .handle(ctx);
  }

  private record JavalinSink(SseClient client) implements EventStream.Sink {

    @Override
    public boolean send(List<EventStream.Event> events) {
      ByteArrayOutputStream frames = new ByteArrayOutputStream(256 * events.size());
      for (EventStream.Event e : events) {
        // Our own type names and ids never hold a line break; data is one line of JSON.
        frames.writeBytes(
            ("event: " + e.event() + "\nid: " + e.id() + "\ndata: " + e.data() + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      return write(frames.toByteArray());
    }

    @Override
    public boolean comment(String text) {
      return write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private boolean write(byte[] bytes) {
      if (client.terminated()) {
        return false;
      }
      try {
        OutputStream out = client.ctx().res().getOutputStream();
        out.write(bytes);
        out.flush();
        return true;
      } catch (IOException | RuntimeException e) {
        client.close();
        return false;
      }
    }

    @Override
    public void onClose(Runnable action) {
      client.onClose(action);
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
