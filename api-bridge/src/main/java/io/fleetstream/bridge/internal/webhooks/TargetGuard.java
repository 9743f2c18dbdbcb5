package io.fleetstream.bridge.internal.webhooks;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.connectors.outbound.OutboundAddresses;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Checks a webhook URL before anything is sent to it: absolute http(s), and (unless the operator
 * allows it) only global unicast addresses, so a tenant cannot make the bridge call into the
 * operator's own network.
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

  /**
   * Resolves the host and refuses every address that is not global unicast ({@link
   * OutboundAddresses}); the delivery functions check again before each attempt.
   */
  public void checkAddress(URI uri, String param) {
    if (allowPrivate) {
      return;
    }
    try {
      OutboundAddresses.resolveAllowed(uri.getHost());
    } catch (OutboundAddresses.RefusedAddressException e) {
      throw ApiException.invalid(
          param,
          "'"
              + param
              + "' points to a non-public address ("
              + e.getMessage()
              + "); webhooks go to public addresses only");
    } catch (UnknownHostException e) {
      throw ApiException.invalid(
          param, "the host of '" + param + "' does not resolve: " + uri.getHost());
    }
  }
}
