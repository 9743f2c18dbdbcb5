package io.fleetstream.connectors.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a tenant's URL may make us call: global unicast only. Refused, in IPv4 and IPv6
 * and through every embedding of an IPv4 address in IPv6 (mapped, compatible, NAT64, 6to4): "this
 * network" 0/8, loopback, private 10/8 172.16/12 192.168/16, carrier-grade NAT 100.64/10,
 * link-local, multicast, reserved 240/4 and broadcast, ULA fc00::/7, unspecified. Used by the
 * bridge when an endpoint is created or changed and by the delivery functions before every attempt,
 * so a name that resolves elsewhere later (DNS rebinding) is caught when it is called.
 */
public final class OutboundAddresses {

  private OutboundAddresses() {}

  /** Why {@code address} may not be called, or empty when it is a global unicast address. */
  public static Optional<String> refusal(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return refusalV4(v4.getAddress());
    }
    byte[] a = address.getAddress();
    if (isZero(a, 0, 16)) {
      return Optional.of("unspecified address");
    }
    if (isZero(a, 0, 15) && a[15] == 1) {
      return Optional.of("loopback address");
    }
    if (isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
      return embedded("IPv4-mapped", a, 12);
    }
    if (isZero(a, 0, 12)) {
      return embedded("IPv4-compatible", a, 12);
    }
    if ((a[0] & 0xff) == 0x00
        && (a[1] & 0xff) == 0x64
        && (a[2] & 0xff) == 0xff
        && (a[3] & 0xff) == 0x9b
        && isZero(a, 4, 12)) {
      return embedded("NAT64", a, 12);
    }
    if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
      return embedded("6to4", a, 2);
    }
    if ((a[0] & 0xfe) == 0xfc) {
      return Optional.of("unique local address (fc00::/7)");
    }
    if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) {
      return Optional.of("link-local address (fe80::/10)");
    }
    if ((a[0] & 0xff) == 0xff) {
      return Optional.of("multicast address");
    }
    return Optional.empty();
  }

  /**
   * Resolves {@code host} and returns its addresses when every one of them may be called.
   *
   * @throws RefusedAddressException naming the first refused address and why
   * @throws UnknownHostException when the name does not resolve
   */
  public static List<InetAddress> resolveAllowed(String host) throws UnknownHostException {
    InetAddress[] all = InetAddress.getAllByName(host);
    for (InetAddress a : all) {
      Optional<String> why = refusal(a);
      if (why.isPresent()) {
        throw new RefusedAddressException(host, a, why.get());
      }
    }
    return Arrays.asList(all);
  }

  /** A URL's host resolved to an address we do not call. */
  public static final class RefusedAddressException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient InetAddress address;

    RefusedAddressException(String host, InetAddress address, String why) {
      super(host + " resolves to " + address.getHostAddress() + ", a " + why);
      this.address = address;
    }

    public InetAddress address() {
      return address;
    }
  }

  private static Optional<String> embedded(String kind, byte[] a, int from) {
    return refusalV4(Arrays.copyOfRange(a, from, from + 4))
        .map(why -> why + " embedded in a " + kind + " IPv6 address");
  }

  private static Optional<String> refusalV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 0) {
      return Optional.of("\"this network\" address (0/8)");
    }
    if (a0 == 127) {
      return Optional.of("loopback address");
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private address");
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of("carrier-grade NAT address (100.64/10)");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local address");
    }
    if (a0 >= 224 && a0 <= 239) {
      return Optional.of("multicast address");
    }
    if (a0 >= 240) {
      return Optional.of("reserved or broadcast address");
    }
    return Optional.empty();
  }

  private static boolean isZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
