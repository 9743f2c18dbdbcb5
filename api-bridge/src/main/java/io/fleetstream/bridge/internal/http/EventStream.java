package io.fleetstream.bridge.internal.http;

/**
 * A handler's open {@code text/event-stream} answer: {@link #opened} is called once the response
 * head is sent, with the sink to write events to.
 */
@FunctionalInterface
public interface EventStream {

  void opened(Sink sink);

  /** Called instead of {@link #opened} when the stream could not be opened. */
  default void abandoned() {}

  /** One event: its type, its data on one line, its id. */
  record Event(String event, String data, String id) {}

  /** The client end of a server-sent-events stream; writes block while the client is slow. */
  interface Sink {

    /**
     * Writes events in one write and one flush; false once the client is gone (then nothing more
     * can be written).
     */
    boolean send(java.util.List<Event> events);

    /** Writes a comment line (a heartbeat); false once the client is gone. */
    boolean comment(String text);

    /** Runs {@code action} once the stream ends, whichever side ends it. */
    void onClose(Runnable action);

    /** Ends the stream from the server's side. */
    void close();
  }
}
