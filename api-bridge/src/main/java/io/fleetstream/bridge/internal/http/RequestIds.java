package io.fleetstream.bridge.internal.http;

import io.fleetstream.bridge.internal.ids.Ids;
import java.util.regex.Pattern;

/**
 * The id a request is known by in the bridge's logs and its answer's {@code X-Request-Id}: the
 * caller's own when it sent a usable one (a proxy's or a client's trace id), else a new one.
 */
final class RequestIds {

  private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  static String of(String sent) {
    return sent != null && USABLE.matcher(sent).matches() ? sent : Ids.random("req_");
  }
}
