package io.fleetstream.connectors.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses outbound calls may reach: global unicast ones ({@link OutboundAddresses}), plus
 * the networks an operator opened explicitly, or everything on a single machine that trusts its own
 * network (the embedded stack).
 *
 * @param allowPrivate every address may be called (loopback and private included)
 * @param allowedNetworks CIDR blocks that may be called although not public, e.g. {@code
 *     10.20.0.0/16} for an in-house receiver, {@code 127.0.0.1/32}, {@code fd00::/8}
 */
public record OutboundPolicy(boolean allowPrivate, List<String> allowedNetworks) {

  /** Public addresses only. */
  public static final OutboundPolicy PUBLIC_ONLY = new OutboundPolicy(false, List.of());

  /** Every address: for a single machine whose receivers run beside it. */
  public static final OutboundPolicy ALLOW_ALL = new OutboundPolicy(true, List.of());

  public OutboundPolicy {
    allowedNetworks = List.copyOf(allowedNetworks);
    for (String network : allowedNetworks) {
      parse(network); // refuse a bad entry when configured, not at the first call
    }
  }

  /** Public addresses and these networks. */
  public static OutboundPolicy allowing(List<String> networks) {
    return new OutboundPolicy(false, networks);
  }

  /** Why {@code address} may not be called, or empty when it may. */
  public Optional<String> refusal(InetAddress address) {
    if (allowPrivate) {
      return Optional.empty();
    }
    for (String network : allowedNetworks) {
      if (contains(parse(network), address)) {
        return Optional.empty();
      }
    }
    return OutboundAddresses.refusal(address);
  }

  private record Network(byte[] prefix, int bits) {}

  /**
   * A CIDR block. Hand-written (a dozen lines) rather than a dependency: the IP libraries that
   * parse both families are far larger than this check.
   */
  private static Network parse(String cidr) {
    int slash = cidr.indexOf('/');
    String host = slash < 0 ? cidr : cidr.substring(0, slash);
    if (!host.matches("[0-9a-fA-F:.]+")) {
      // Only literals: a name here would be resolved, which is what the list must not depend on.
      throw new IllegalArgumentException("allowed network '" + cidr + "' is not an IP/prefix");
    }
    try {
      byte[] prefix = InetAddress.getByName(host).getAddress();
      int bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
      if (bits < 0 || bits > prefix.length * 8) {
        throw new IllegalArgumentException("allowed network '" + cidr + "': bad prefix length");
      }
      return new Network(prefix, bits);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("allowed network '" + cidr + "' is not an IP/prefix", e);
    }
  }

  private static boolean contains(Network n, InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != n.prefix().length) {
      return false;
    }
    int full = n.bits() / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != n.prefix()[i]) {
        return false;
      }
    }
    int rest = n.bits() % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (a[full] & mask) == (n.prefix()[full] & mask);
  }
}
