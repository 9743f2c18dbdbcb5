package io.fleetstream.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fleetstream.deploy.Fleetstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code accounts credit|limits} sends and prints, against a stand-in HTTP endpoint (the real
 * bridge answers it in BridgeStackITCase).
 */
class AccountsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;
  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body =
              (status == 200
                      ? "{\"id\": \"aud_1\", \"object\": \"audit_entry\"}"
                      : "{\"error\": {\"code\": \"forbidden\", \"message\": \"this route needs the operator's admin key\"}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    Files.createDirectories(dataDir.resolve("bridge"));
    Files.writeString(dataDir.resolve("bridge/operator.key"), "ork_live_operatorkey\n");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int run(StringWriter out, StringWriter err, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = dataDir.toString();
    all[args.length + 2] = "--bridge-url";
    all[args.length + 3] = "http://127.0.0.1:" + server.getAddress().getPort();
    return Fleetstream.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
  }

  @Test
  void creditPostsTheAmountWithTheOperatorKeyAndPrintsTheAuditEntry() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            "accounts",
            "credit",
            "--account",
            "acct_01abc",
            "--usd",
            "12.50",
            "--note",
            "invoice 7");
    assertThat(code).as(err.toString()).isZero();
    assertThat(seen).hasSize(1);
    String request = seen.get(0);
    assertThat(request)
        .startsWith("POST /api/v1/admin/accounts/acct_01abc/credit Bearer ork_live_operatorkey ");
    JsonNode body = JSON.readTree(request.substring(request.indexOf('{')));
    assertThat(body.path("usd").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(body.path("note").asText()).isEqualTo("invoice 7");
    assertThat(out.toString()).contains("aud_1");
  }

  @Test
  void limitsSendsOnlyTheGivenFields() throws Exception {
    StringWriter out = new StringWriter();
    int code =
        run(
            out,
            new StringWriter(),
            "accounts",
            "limits",
            "--account",
            "acct_01abc",
            "--rpm",
            "600",
            "--burst",
            "1200");
    assertThat(code).isZero();
    String request = seen.get(0);
    assertThat(request).startsWith("POST /api/v1/admin/accounts/acct_01abc/limits ");
    assertThat(JSON.readTree(request.substring(request.indexOf('{'))).fieldNames())
        .toIterable()
        .containsExactly("rpm", "burst");
  }

  @Test
  void aRefusalIsPrintedAndExitsNonZero() {
    status = 403;
    StringWriter err = new StringWriter();
    int code =
        run(new StringWriter(), err, "accounts", "credit", "--account", "acct_01abc", "--usd", "1");
    assertThat(code).isEqualTo(AccountsCommand.FAILED);
    assertThat(err.toString()).contains("refused (403)", "admin key");
  }

  @Test
  void withoutTheKeyFileItSaysWhereItLooked() throws Exception {
    Files.delete(dataDir.resolve("bridge/operator.key"));
    StringWriter err = new StringWriter();
    int code =
        run(new StringWriter(), err, "accounts", "credit", "--account", "acct_01abc", "--usd", "1");
    assertThat(code).isEqualTo(AccountsCommand.FAILED);
    assertThat(err.toString()).contains("operator.key");
    assertThat(seen).isEmpty();
  }
}
