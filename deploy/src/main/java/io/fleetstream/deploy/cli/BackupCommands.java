package io.fleetstream.deploy.cli;

import io.fleetstream.bridge.ApiBridge;
import io.fleetstream.connectors.secrets.SealKeyFile;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.deploy.backup.TenantBackup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backup} and {@code restore}: one tenant's records on every topic and the bridge's records
 * of its account, to a file and back.
 */
public final class BackupCommands {

  private BackupCommands() {}

  /**
   * The bridge whose records of the account go with the topics': {@code --bridge-url}, else the
   * running stack's when its Kafka is the one read; {@code --no-bridge} leaves them out.
   */
  static final class BridgeChoice {
    @Mixin BridgeAdminOptions options;

    @Option(
        names = "--no-bridge",
        description =
            "Leave out the bridge's records of the account (account, API keys, idempotency"
                + " records, …): the topics only.")
    boolean noBridge;

    /** The bridge's URL; null (the reason printed to {@code err} when given) when none is known. */
    String url(KafkaTarget target, PrintWriter err) {
      String url =
          options.bridgeUrl != null || target.kafka == null
              ? options.url(target.dir.dataDir()).orElse(null)
              : null;
      if (url == null && err != null) {
        err.println(
            "error: no bridge to read the account from: name it with --bridge-url (and its"
                + " operator key with --operator-key-file), or pass --no-bridge to back up the"
                + " topics only");
        err.flush();
      }
      return url;
    }
  }

  @Command(
      name = "backup",
      description =
          "Write every record of one tenant (inputs, outputs, dead letters) on the Fleetstream"
              + " topics to a file; the stack may keep running.")
  public static final class Backup implements Callable<Integer> {

    @Mixin KafkaTarget target;
    @Mixin BridgeChoice bridge;

    @Option(
        names = "--tenant",
        required = true,
        paramLabel = "ACCOUNT",
        description = "The tenant.")
    String tenant;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "The backup file to write (gzipped JSON lines).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter stdout = spec.commandLine().getOut();
      try {
        TenantBackup.checkTenant(tenant);
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 2;
      }
      String bootstrap = target.resolve(err);
      if (bootstrap == null) {
        return 2;
      }
      TenantBackup.Builder builder = TenantBackup.builder().bootstrapServers(bootstrap);
      String url = bridge.noBridge ? null : bridge.url(target, err);
      if (url == null && !bridge.noBridge) {
        return 2;
      }
      try {
        if (url != null) {
          builder.bridge(url, bridge.options.key(target.dir.dataDir()));
        }
        stdout.printf(
            "backing up tenant %s from %s%s%n",
            tenant, bootstrap, url == null ? " (topics only)" : " and the bridge at " + url);
        TenantBackup.Summary s = builder.progress(stdout).build().backup(tenant, out);
        stdout.printf(
            "%,d records of %s written to %s%s%n",
            s.total(),
            tenant,
            out,
            s.bridgeRecords() < 0 ? "" : ", with " + s.bridgeRecords() + " of the bridge's");
        return 0;
      } catch (IOException | IllegalArgumentException | IllegalStateException | KafkaException e) {
        err.println("error: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "restore",
      description =
          "Write a tenant's records from a backup file back to the topics of a cluster that holds"
              + " none of them (a fresh stack): in order, with their keys, timestamps and headers.")
  public static final class Restore implements Callable<Integer> {

    @Mixin KafkaTarget target;
    @Mixin BridgeChoice bridge;

    @Option(
        names = "--in",
        required = true,
        paramLabel = "FILE",
        description = "The backup file to read.")
    Path in;

    @Option(
        names = "--source-seal-key",
        paramLabel = "FILE",
        description =
            "The webhook sealing key of the installation the backup came from (its <data"
                + " dir>/bridge/webhook-seal.key): webhook endpoints' secrets are opened with it and"
                + " sealed again with this installation's key.")
    Path sourceSealKey;

    @Option(
        names = "--seal-key-file",
        paramLabel = "FILE",
        description =
            "This installation's webhook sealing key (default: $"
                + SealKeyFile.ENV
                + ", else the running stack's <data dir>/bridge/webhook-seal.key).")
    Path sealKeyFile;

    @Spec CommandSpec spec;

    /** This installation's sealing key, never made up: an existing file or the environment's. */
    private SecretSeal targetSeal() {
      if (sealKeyFile != null) {
        return SealKeyFile.existing(sealKeyFile);
      }
      String env = System.getenv(SealKeyFile.ENV);
      if (env != null && !env.isBlank()) {
        return SecretSeal.fromBase64Key(env);
      }
      if (target.kafka == null) {
        return SealKeyFile.existing(
            target.dir.dataDir().resolve("bridge").resolve(ApiBridge.WEBHOOK_SEAL_KEY_FILE));
      }
      throw new IllegalArgumentException(
          "--source-seal-key needs this installation's key too: --seal-key-file FILE or $"
              + SealKeyFile.ENV);
    }

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter stdout = spec.commandLine().getOut();
      String bootstrap = target.resolve(err);
      if (bootstrap == null) {
        return 2;
      }
      TenantBackup.Builder builder =
          TenantBackup.builder().bootstrapServers(bootstrap).topicsOnly(bridge.noBridge);
      String url = bridge.noBridge ? null : bridge.url(target, null);
      try {
        if (url != null) {
          builder.bridge(url, bridge.options.key(target.dir.dataDir()));
        }
        if (sourceSealKey != null) {
          builder.resealSecrets(SealKeyFile.existing(sourceSealKey), targetSeal());
        }
        TenantBackup.Summary s = builder.progress(stdout).build().restore(in);
        stdout.printf(
            "%,d records of %s restored to %s%s%n",
            s.total(),
            s.tenant(),
            bootstrap,
            s.bridgeRecords() < 0 ? "" : ", " + s.bridgeRecords() + " to the bridge at " + url);
        return 0;
      } catch (IOException | IllegalArgumentException | IllegalStateException | KafkaException e) {
        err.println(
            "error: "
                + e.getMessage()
                + (url == null && !bridge.noBridge
                    ? " (--bridge-url and --operator-key-file name a bridge; --no-bridge leaves"
                        + " its records out)"
                    : ""));
        return 1;
      }
    }
  }
}
