package io.fleetstream.bridge.internal.webhooks;

import io.fleetstream.bridge.internal.http.ApiException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Checks a webhook URL before anything is sent to it: absolute http(s), and (unless the operator
 * allows it) no loopback, private, link-local or multicast address, so a tenant cannot make the
 * bridge call into the operator's own network.
 */
public final class TargetGuard {

  private final boolean allowPrivate;

  public TargetGuard(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  public URI check(String url, String param) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiException.invalid(param, "'" + param + "' is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw ApiException.invalid(param, "'" + param + "' must be an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw ApiException.invalid(param, "'" + param + "' has no host");
    }
    if (url.length() > 2048) {
      throw ApiException.invalid(param, "'" + param + "' is longer than 2048 characters");
    }
    return uri;
  }

  /** Resolves the host and refuses private targets; done again right before each delivery. */
  public void checkAddress(URI uri, String param) {
    if (allowPrivate) {
      return;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
        if (a.isLoopbackAddress()
            || a.isSiteLocalAddress()
            || a.isLinkLocalAddress()
            || a.isAnyLocalAddress()
            || a.isMulticastAddress()) {
          throw ApiException.invalid(
              param,
              "'"
                  + param
                  + "' points to a private address ("
                  + a.getHostAddress()
                  + "); webhooks go to public addresses only");
        }
      }
    } catch (UnknownHostException e) {
      throw ApiException.invalid(
          param, "the host of '" + param + "' does not resolve: " + uri.getHost());
    }
  }
}
