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

  /** The client end of a server-sent-events stream; writes block while the client is slow. */
  interface Sink {

    /** Writes one event; false once the client is gone (then nothing more can be written). */
    boolean send(String event, String data, String id);

    /** Writes a comment line (a heartbeat); false once the client is gone. */
    boolean comment(String text);

    /** Runs {@code action} once the stream ends, whichever side ends it. */
    void onClose(Runnable action);

    /** Ends the stream from the server's side. */
    void close();
  }
}
