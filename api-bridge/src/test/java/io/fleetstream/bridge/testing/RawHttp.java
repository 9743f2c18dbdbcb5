package io.fleetstream.bridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client as naive as many real ones: it writes the request head and the whole body before it
 * reads a byte of the answer, then reads the status line, the headers and the body. If the server
 * answers early and closes, the write fails (broken pipe, reset) and the answer is lost.
 */
public final class RawHttp {

  /** What came back. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code method path} with {@code headers} and a body of {@code bodyBytes}: {@code prefix},
   * {@code filler} bytes.
   */
  public static Answer send(
      String baseUrl,
      String method,
      String path,
      Map<String, String> headers,
      long bodyBytes,
      byte[] prefix,
      byte filler)
      throws IOException {
    return send(baseUrl, method, path, headers, bodyBytes, prefix, filler, new byte[0]);
  }

  /**
   * As above, the body ending with {@code suffix} (a valid JSON document padded with spaces, say).
   */
  public static Answer send(
      String baseUrl,
      String method,
      String path,
      Map<String, String> headers,
      long bodyBytes,
      byte[] prefix,
      byte filler,
      byte[] suffix)
      throws IOException {
    URI base = URI.create(baseUrl);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(60_000);
      StringBuilder head =
          new StringBuilder(
              method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + ":"
                  + base.getPort()
                  + "\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(bodyBytes).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(prefix);
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, filler);
      long left = bodyBytes - prefix.length - suffix.length;
      while (left > 0) {
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
      out.write(suffix);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(
          l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
      return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Answer(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c < 0 && b.size() == 0) {
      throw new IOException("the connection closed before the answer");
    }
    return b.toString(StandardCharsets.US_ASCII);
  }
}
