package io.fleetstream.bridge.internal.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Request bodies as the pipeline takes them: JSON only (415), at most the configured size (413),
 * and a body left unread by an early answer read to its end first (see {@link RequestPipeline}).
 */
final class RequestBodies {

  /**
   * Unread bodies up to this size are read to the end before an early answer, so the client gets
   * it.
   */
  static final long DRAIN_LIMIT = 32L << 20;

  /**
   * Set on a request once its body is read (or drained): nothing is left to drain before answering.
   */
  private static final String BODY_TAKEN = "fleetstream.body-taken";

  private final long maxBodyBytes;

  RequestBodies(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The request's body: JSON, at most the configured size (415 and 413 otherwise). */
  byte[] read(Context ctx) {
    ctx.attribute(BODY_TAKEN, true);
    long declared = ctx.req().getContentLengthLong();
    boolean hasBody = declared > 0 || ctx.header("Transfer-Encoding") != null;
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      if (hasBody && !isJson(ctx.contentType())) {
        drain(in);
        throw unsupported(ctx);
      }
      if (declared > maxBodyBytes) {
        drain(in);
        throw tooLarge();
      }
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        drain(in);
        throw tooLarge();
      }
    } catch (IOException e) {
      throw ApiException.invalid(null, "cannot read the request body: " + e.getMessage());
    }
    if (body.length > 0 && !isJson(ctx.contentType())) {
      throw unsupported(ctx);
    }
    return body;
  }

  private static ApiException unsupported(Context ctx) {
    return ApiException.of(
            ApiErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "send the body as application/json, not "
                + (ctx.contentType() == null ? "without a Content-Type" : ctx.contentType()))
        .withParam("Content-Type");
  }

  /**
   * Drains the body of a request answered before its body was read (401, 403, 429, router errors).
   */
  static void drainUnread(Context ctx) {
    if (ctx.attribute(BODY_TAKEN) != null) {
      return;
    }
    ctx.attribute(BODY_TAKEN, true);
    try {
      drain(ctx.req().getInputStream());
    } catch (IOException | RuntimeException e) {
      // The client went away or sent a broken body: nothing to answer it about.
    }
  }

  /**
   * Reads and drops what is left of a body (up to {@link #DRAIN_LIMIT}) before an error goes out;
   * see the class doc.
   */
  private static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long dropped = 0;
    int n;
    while (dropped < DRAIN_LIMIT && (n = in.read(sink)) >= 0) {
      dropped += n;
    }
  }

  private ApiException tooLarge() {
    return ApiException.of(
            ApiErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes")
        .withParam("body");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }
}
