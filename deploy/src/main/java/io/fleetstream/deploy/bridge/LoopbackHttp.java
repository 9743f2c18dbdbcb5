package io.fleetstream.deploy.bridge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection for the load generator: writes a request, blocks for the
 * response, reconnects when the server closes.
 *
 * <p>Why not {@code java.net.http.HttpClient}: the generator shares the two cores with the bridge
 * and the broker, and the JDK client's asynchronous machinery (selector thread, completable
 * futures, per-request publishers and subscribers) cost about half a millisecond of CPU per request
 * in JFR, i.e. a whole core at 2,000 requests/s that the system under test then does not get. This
 * is deliberately minimal: plain HTTP on loopback, {@code Content-Length} or chunked bodies, no
 * redirects, TLS, compression or pipelining.
 */
final class LoopbackHttp implements AutoCloseable {

  /** A response: status and body (the headers the benchmark does not need are dropped). */
  record Response(int status, byte[] body) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  LoopbackHttp(URI base, int timeoutMillis) {
    this.host = base.getHost();
    this.port = base.getPort();
    this.timeoutMillis = timeoutMillis;
  }

  /** The request head up to (excluding) {@code Content-Length}, built once per benchmark run. */
  static byte[] postHead(URI base, String path, String authorization) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\nAuthorization: "
            + authorization
            + "\r\nContent-Type: application/json\r\nContent-Length: ")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends {@code head} (from {@link #postHead}) with {@code body} and waits for the answer. A
   * failed exchange closes the connection (the next call opens a new one) and is not retried: the
   * benchmark counts it as an error.
   */
  Response post(byte[] head, byte[] body) throws IOException {
    try {
      return exchange(head, body);
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  private Response exchange(byte[] head, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + length.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(length, 0, request, head.length, length.length);
    System.arraycopy(body, 0, request, head.length + length.length, body.length);
    out.write(request);
    out.flush();
    return read();
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setKeepAlive(true);
    s.connect(new InetSocketAddress(host, port), timeoutMillis);
    s.setSoTimeout(timeoutMillis);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 8192);
    out = s.getOutputStream();
  }

  private Response read() throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean close = statusLine.startsWith("HTTP/1.0");
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      body = chunkedBody();
    } else if (contentLength >= 0) {
      body = in.readNBytes((int) contentLength);
      if (body.length < contentLength) {
        throw new EOFException("the response body ended early");
      }
    } else {
      body = in.readAllBytes();
      close = true;
    }
    if (close) {
      closeQuietly();
    }
    return new Response(status, body);
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      int semicolon = sizeLine.indexOf(';');
      int size =
          Integer.parseInt(
              (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!line().isEmpty()) {
          // trailers: ignored
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new EOFException("a response chunk ended early");
      }
      body.write(chunk);
      line();
    }
  }

  /** One CRLF-terminated line in ISO-8859-1 (header bytes), without the line end. */
  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("the connection closed mid-response");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private void closeQuietly() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a broken connection: nothing to do
      }
    }
    socket = null;
    in = null;
    out = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
