package io.fleetstream.bridge.internal.http;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;

/** Opens an {@link EventStream} on Javalin's server-sent-events support. */
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
    public boolean send(String event, String data, String id) {
      if (client.terminated()) {
        return false;
      }
      client.sendEvent(event, data, id);
      return !client.terminated();
    }

    @Override
    public boolean comment(String text) {
      if (client.terminated()) {
        return false;
      }
      client.sendComment(text);
      return !client.terminated();
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
