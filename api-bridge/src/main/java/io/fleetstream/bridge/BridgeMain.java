package io.fleetstream.bridge;

import io.fleetstream.broker.process.ParentWatchdog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Main class of the bridge's own JVM: {@code BridgeMain [--config FILE] [--key=value …]} (keys as
 * in {@link BridgeConfig}). Writes {@code <data-dir>/bridge.url} once it listens, stops cleanly on
 * SIGTERM, and exits by itself when {@code parent.pid} is set and that process is gone.
 */
public final class BridgeMain {

  private BridgeMain() {}

  public static void main(String[] args) throws Exception {
    Path file = null;
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (a.startsWith("--") && a.contains("=")) {
        flags.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else {
        System.err.println("usage: BridgeMain [--config FILE] [--key=value ...]; unexpected: " + a);
        System.exit(2);
      }
    }
    BridgeConfig config = BridgeConfig.load(file, System.getenv(), flags);
    if (config.parentPid() > 0) {
      // Ends this JVM when the launcher that started it is gone, even after its kill -9 — watched
      // from before start-up: a launcher stopped while the bridge starts (its Kafka stopped with
      // it) must not leave the bridge waiting on Kafka for minutes.
      ParentWatchdog.watch(
          config.parentPid(),
          () ->
              System.out.println(
                  "parent process " + config.parentPid() + " is gone; stopping the bridge"));
    }
    ApiBridge bridge = ApiBridge.builder().config(config).build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  bridge.close();
                  stopped.countDown();
                },
                "fleetstream-bridge-stopper"));
    Path urlFile = config.dataDir().resolve("bridge.url");
    Path tmp = urlFile.resolveSibling("bridge.url.tmp");
    Files.writeString(tmp, bridge.url());
    Files.move(
        tmp,
        urlFile,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    stopped.await();
  }
}
