package io.fleetstream.deploy.cli;

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

/** {@code backup} and {@code restore}: one tenant's records on every topic, to a file and back. */
public final class BackupCommands {

  private BackupCommands() {}

  @Command(
      name = "backup",
      description =
          "Write every record of one tenant (inputs, outputs, dead letters) on the Fleetstream"
              + " topics to a file; the stack may keep running.")
  public static final class Backup implements Callable<Integer> {

    @Mixin KafkaTarget target;

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
      stdout.printf("backing up tenant %s from %s%n", tenant, bootstrap);
      TenantBackup.Summary s =
          TenantBackup.builder()
              .bootstrapServers(bootstrap)
              .progress(stdout)
              .build()
              .backup(tenant, out);
      stdout.printf("%,d records of %s written to %s%n", s.total(), tenant, out);
      return 0;
    }
  }

  @Command(
      name = "restore",
      description =
          "Write a tenant's records from a backup file back to the topics of a cluster that holds"
              + " none of them (a fresh stack): in order, with their keys, timestamps and headers.")
  public static final class Restore implements Callable<Integer> {

    @Mixin KafkaTarget target;

    @Option(
        names = "--in",
        required = true,
        paramLabel = "FILE",
        description = "The backup file to read.")
    Path in;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter stdout = spec.commandLine().getOut();
      String bootstrap = target.resolve(err);
      if (bootstrap == null) {
        return 2;
      }
      try {
        TenantBackup.Summary s =
            TenantBackup.builder().bootstrapServers(bootstrap).progress(stdout).build().restore(in);
        stdout.printf("%,d records of %s restored to %s%n", s.total(), s.tenant(), bootstrap);
        return 0;
      } catch (IllegalArgumentException | IllegalStateException | KafkaException e) {
        err.println("error: " + e.getMessage());
        return 1;
      }
    }
  }
}
