package io.fleetstream.functions;

import io.fleetstream.connectors.outbound.OutboundPolicy;
import io.fleetstream.connectors.secrets.SealKeyFile;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.functions.webhooks.WebhookDeliveryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Main class of the functions server in a process of its own (a container next to a StateFun
 * runtime elsewhere): {@code FunctionsServerMain [--host=H] [--port=P] [--seal-key-file=F]
 * [--allowed-networks=CIDR,...]}. The sealing key is the bridge's: {@value SealKeyFile#ENV} or
 * {@code --seal-key-file}; unlike the embedded stack it is never created here, since a key of its
 * own could open none of the secrets the bridge sealed.
 */
public final class FunctionsServerMain {

  private static final List<String> FLAGS =
      List.of("host", "port", "seal-key-file", "allowed-networks");

  private FunctionsServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    FunctionsServer server;
    try {
      server = server(args, System.getenv(SealKeyFile.ENV));
    } catch (IllegalArgumentException e) {
      System.err.println("FunctionsServerMain: " + e.getMessage());
      System.exit(2);
      return;
    }
    server.start();
    System.out.println("functions server listening at " + server.url());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "fleetstream-functions-stopper"));
    stopped.await();
  }

  /** The server the flags describe, not started; {@code keyFromEnv} wins over the key file. */
  static FunctionsServer server(String[] args, String keyFromEnv) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0 || !FLAGS.contains(a.substring(2, eq))) {
        throw new IllegalArgumentException("unknown argument '" + a + "'; known: --" + FLAGS);
      }
      flags.put(a.substring(2, eq), a.substring(eq + 1));
    }
    SecretSeal seal;
    if (keyFromEnv != null && !keyFromEnv.isBlank()) {
      seal = SecretSeal.fromBase64Key(keyFromEnv.trim());
    } else if (flags.containsKey("seal-key-file")) {
      Path file = Path.of(flags.get("seal-key-file"));
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no sealing key file at " + file);
      }
      seal = SealKeyFile.load(file);
    } else {
      throw new IllegalArgumentException(
          "no sealing key: set " + SealKeyFile.ENV + " or --seal-key-file to the bridge's key");
    }
    List<String> networks =
        Arrays.stream(flags.getOrDefault("allowed-networks", "").split(","))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .toList();
    return FunctionsServer.builder()
        .host(flags.getOrDefault("host", "0.0.0.0"))
        .port(Integer.parseInt(flags.getOrDefault("port", "8000")))
        .delivery(
            WebhookDeliveryConfig.standard(seal).withTargets(new OutboundPolicy(false, networks)))
        .build();
  }
}
