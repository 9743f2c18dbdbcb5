package io.fleetstream.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code accounts credit | limits}: the operator's path to an account's balance and limits. Calls
 * the running bridge's admin routes with the operator key the bridge wrote to {@code <data
 * dir>/bridge/operator.key}; every change is an audit entry, printed as the answer.
 */
@Command(
    name = "accounts",
    description = "Operator actions on HTTP API accounts (top up, set limits); each is audited.",
    subcommands = {AccountsCommand.Credit.class, AccountsCommand.Limits.class})
public final class AccountsCommand implements Callable<Integer> {

  static final int FAILED = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /**
   * Where the bridge is and the operator key: from the stack's status and data dir unless given.
   */
  static final class Target {
    @Mixin DataDirOption dir;
    @Mixin BridgeAdminOptions bridge;

    String url() {
      return bridge
          .url(dir.dataDir())
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "Fleetstream is not running (data dir "
                          + dir.dataDir()
                          + "); start it with `bin/fleetstream up` or pass --bridge-url"));
    }

    String key() throws IOException {
      return bridge.key(dir.dataDir());
    }
  }

  /** Posts {@code body} to an admin route and prints the audit entry; exit code 0 on 200. */
  static int post(Target target, String path, ObjectNode body, PrintWriter out, PrintWriter err) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(target.url() + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + target.key())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode answer = r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
      if (r.statusCode() != 200) {
        err.println(
            "refused ("
                + r.statusCode()
                + "): "
                + answer.path("error").path("message").asText(r.body()));
        err.flush();
        return FAILED;
      }
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      out.flush();
      return 0;
    } catch (IOException | IllegalStateException e) {
      err.println(e.getMessage());
      err.flush();
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  /** {@code accounts credit --account ID --usd N}. */
  @Command(
      name = "credit",
      description = "Top up an account's balance (what it paid you); prints the audit entry.")
  static final class Credit implements Callable<Integer> {
    @Mixin Target target;
    @Spec CommandSpec spec;

    @Option(
        names = "--account",
        required = true,
        paramLabel = "ID",
        description = "The account (acct_…).")
    String account;

    @Option(
        names = "--usd",
        required = true,
        paramLabel = "N",
        description = "US dollars to add (more than 0).")
    BigDecimal usd;

    @Option(
        names = "--note",
        paramLabel = "TEXT",
        description = "Why: an invoice, a payment reference.")
    String note;

    @Override
    public Integer call() {
      ObjectNode body = JSON.createObjectNode().put("usd", usd);
      if (note != null) {
        body.put("note", note);
      }
      return post(
          target,
          "/api/v1/admin/accounts/" + account + "/credit",
          body,
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
  }

  /** {@code accounts limits --account ID [--rpm N] [--burst N] [--max-jobs-per-optimize N]}. */
  @Command(
      name = "limits",
      description =
          "Set an account's rate limits (up to the bridge's limits.max_*); prints the audit entry.")
  static final class Limits implements Callable<Integer> {
    @Mixin Target target;
    @Spec CommandSpec spec;

    @Option(
        names = "--account",
        required = true,
        paramLabel = "ID",
        description = "The account (acct_…).")
    String account;

    @Option(
        names = "--rpm",
        paramLabel = "N",
        description = "Requests per minute, shared by the account's keys.")
    Integer rpm;

    @Option(names = "--burst", paramLabel = "N", description = "The bucket's size.")
    Integer burst;

    @Option(
        names = "--max-jobs-per-optimize",
        paramLabel = "N",
        description = "Jobs in one optimize request.")
    Integer maxJobsPerOptimize;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why (a plan, a ticket).")
    String note;

    @Override
    public Integer call() {
      ObjectNode body = JSON.createObjectNode();
      if (rpm != null) {
        body.put("rpm", rpm);
      }
      if (burst != null) {
        body.put("burst", burst);
      }
      if (maxJobsPerOptimize != null) {
        body.put("max_jobs_per_optimize", maxJobsPerOptimize);
      }
      if (note != null) {
        body.put("note", note);
      }
      return post(
          target,
          "/api/v1/admin/accounts/" + account + "/limits",
          body,
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
  }
}
