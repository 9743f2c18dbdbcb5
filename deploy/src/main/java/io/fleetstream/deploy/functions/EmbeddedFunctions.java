package io.fleetstream.deploy.functions;

import io.fleetstream.connectors.outbound.OutboundPolicy;
import io.fleetstream.connectors.secrets.SealKeyFile;
import io.fleetstream.functions.FunctionsModule;
import io.fleetstream.functions.FunctionsServer;
import io.fleetstream.functions.webhooks.WebhookDeliveryConfig;
import io.fleetstream.statefun.FunctionsRuntime;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Webhook delivery in the embedded stack: the functions served over HTTP inside the supervisor JVM,
 * and the Stateful Functions runtime that calls them as its own child JVM (data, checkpoints and
 * log under {@code <data-dir>/statefun}; it resumes from its last checkpoint). Both stop together.
 */
public final class EmbeddedFunctions implements AutoCloseable {

  private final FunctionsServer server;
  private final FunctionsRuntime runtime;

  private EmbeddedFunctions(FunctionsServer server, FunctionsRuntime runtime) {
    this.server = server;
    this.runtime = runtime;
  }

  /**
   * Starts both; ready once the runtime's job runs.
   *
   * @param sealKeyFile the file the bridge seals endpoint secrets with (created if missing)
   */
  public static EmbeddedFunctions start(
      Path dataDir, String bootstrapServers, Path sealKeyFile, Duration timeout) {
    FunctionsServer server =
        FunctionsServer.builder()
            .delivery(
                // One machine: a receiver on it must work, as the stack's bridge allows.
                WebhookDeliveryConfig.standard(SealKeyFile.load(sealKeyFile))
                    .withTargets(OutboundPolicy.ALLOW_ALL))
            .build()
            .start();
    try {
      FunctionsRuntime runtime =
          FunctionsRuntime.builder()
              .dataDir(dataDir)
              .moduleYaml(
                  FunctionsModule.yaml(bootstrapServers, server.url(), Duration.ofMinutes(2)))
              .startTimeout(timeout)
              .build()
              .start();
      return new EmbeddedFunctions(server, runtime);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public String url() {
    return server.url();
  }

  public long runtimePid() {
    return runtime.pid();
  }

  public boolean isAlive() {
    return runtime.isAlive();
  }

  @Override
  public void close() {
    runtime.close();
    server.close();
  }
}
