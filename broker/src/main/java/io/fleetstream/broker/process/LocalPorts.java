package io.fleetstream.broker.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports: is one free, and which one is.
 *
 * <p>Ports are picked <em>below</em> the kernel's ephemeral range. A port the kernel hands out for
 * {@code bind(0)} lies inside that range, and so does every port of an outgoing connection: a port
 * checked free there can be taken by any client socket (a Kafka producer, an HTTP call) in the
 * seconds before the stack binds it, which is how a CI run once lost the Flink web UI's port. Below
 * the range only listeners compete, and a random pick makes two of them meeting unlikely.
 */
public final class LocalPorts {

  private static final int LOWEST = 10_000;
  private static final int ATTEMPTS = 200;

  private LocalPorts() {}

  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that was free a moment ago (another listener may still take it before we bind). */
  public static int freePort() {
    return freeBlock(1);
  }

  /** The first of {@code count} consecutive ports that were all free a moment ago. */
  public static int freeBlock(int count) {
    int end = ephemeralStart();
    if (end - LOWEST > 1_000) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < ATTEMPTS; i++) {
        int first = random.nextInt(LOWEST, end - count);
        if (allFree(first, count)) {
          return first;
        }
      }
    }
    for (int i = 0; i < ATTEMPTS; i++) {
      int first = kernelPort();
      if (first + count <= 65_535 && allFree(first, count)) {
        return first;
      }
    }
    throw new IllegalStateException("no " + count + " free loopback ports in a row");
  }

  private static boolean allFree(int first, int count) {
    for (int p = first; p < first + count; p++) {
      if (!isFree(p)) {
        return false;
      }
    }
    return true;
  }

  private static int kernelPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Linux's ephemeral range starts here; elsewhere IANA's dynamic range (49152) is assumed. */
  private static int ephemeralStart() {
    try {
      // Files.readString trusts the size /proc reports and returns one character: read lines.
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 49_152;
    }
  }
}
