package io.fleetstream.bridge.internal.webhooks;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.connectors.outbound.OutboundPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a webhook URL when it is registered or changed: absolute http(s), and only addresses the
 * operator's policy allows (global unicast unless configured otherwise), so a tenant cannot make
 * the bridge or the delivery functions call into the operator's own network. Every call checks
 * again on the lookup it connects with ({@code OutboundHttp}).
 */
public final class TargetGuard {

  private final OutboundPolicy policy;

  public TargetGuard(OutboundPolicy policy) {
    this.policy = policy;
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
   * Resolves the host and refuses it if any of its addresses is one the policy refuses; a name that
   * does not resolve (yet) passes.
   */
  public void checkAddress(URI uri, String param) {
    if (policy.allowPrivate()) {
      return;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        Optional<String> why = policy.refusal(address);
        if (why.isPresent()) {
          throw ApiException.invalid(
              param,
              "'"
                  + param
                  + "' points to a non-public address ("
                  + uri.getHost()
                  + " resolves to "
                  + address.getHostAddress()
                  + ", a "
                  + why.get()
                  + "); webhooks go to public addresses only");
        }
      }
    } catch (UnknownHostException e) {
      // Accepted: its DNS may come later. Nothing is sent to a name until a call resolves it,
      // and that call checks the addresses it connects to.
    }
  }
}
