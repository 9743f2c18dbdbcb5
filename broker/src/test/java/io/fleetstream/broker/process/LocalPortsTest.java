package io.fleetstream.broker.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

  @Test
  void aBlockOfPortsIsFreeAndBelowTheEphemeralRange() throws Exception {
    int first = LocalPorts.freeBlock(4);

    for (int p = first; p < first + 4; p++) {
      assertThat(LocalPorts.isFree(p)).as("port %d", p).isTrue();
    }
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (Files.isReadable(range)) {
      int ephemeralStart =
          Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
      assertThat(first + 3).isLessThan(ephemeralStart);
    }
  }

  @Test
  void aPortInUseIsNotFree() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(LocalPorts.isFree(taken.getLocalPort())).isFalse();
    }
  }
}
