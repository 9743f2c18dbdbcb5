package io.fleetstream.broker;

import java.nio.file.Path;

/**
 * A stand-in parent process for the orphan test: starts a broker, reports its pid, waits to be
 * killed.
 */
public final class BrokerOwner {

  static final String PID_LINE = "BROKER_PID=";

  private BrokerOwner() {}

  public static void main(String[] args) throws InterruptedException {
    KafkaBroker broker = KafkaBroker.builder().dataDir(Path.of(args[0])).build().start();
    System.out.println(PID_LINE + broker.pid());
    System.out.flush();
    Thread.currentThread().join();
  }
}
