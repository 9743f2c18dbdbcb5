package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.sql.AnalyticsSql;
import io.fleetstream.deploy.sql.SqlShell;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sql}: Flink SQL on the output topics, with docs/analytics.md's tables registered. */
@Command(
    name = "sql",
    description =
        "Flink SQL on the stack's output topics, with the tables of docs/analytics.md registered"
            + " (assignments, job_events, sla_events, etas, driver_states, webhook_deliveries,"
            + " dead_letters, plans, decisions, webhook_events, simulations). Statements end with"
            + " ';'. Without -e or -f,"
            + " reads statements from standard input until 'quit;'.")
public final class SqlCommand implements Callable<Integer> {

  @Mixin KafkaTarget target;

  @Option(
      names = {"-e", "--execute"},
      paramLabel = "SQL",
      description = "Run these statements and exit.")
  String execute;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Run the statements in this file and exit.")
  Path file;

  @Option(
      names = "--follow",
      description =
          "Keep queries running and print each change as events arrive (streaming), instead of"
              + " answering over what the topics hold now.")
  boolean follow;

  @Spec CommandSpec spec;

  /** Where the statements typed at a terminal are kept, under the home directory. */
  static final String HISTORY = ".fleetstream/sql_history";

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String bootstrap = target.resolve(err);
    if (bootstrap == null) {
      return 2;
    }
    AnalyticsSql sql = AnalyticsSql.connect(bootstrap, follow);
    if (execute != null) {
      return sql.run(execute, out, err) ? 0 : 1;
    }
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        err.println("error: no such file: " + file);
        return 2;
      }
      return sql.run(Files.readString(file), out, err) ? 0 : 1;
    }
    return interactive(sql, out, err);
  }

  /**
   * Statement by statement from standard input; an error is printed and the session goes on. At a
   * terminal with line editing and a history ({@value #HISTORY} in the home directory).
   */
  private static int interactive(AnalyticsSql sql, PrintWriter out, PrintWriter err)
      throws IOException {
    boolean terminal = System.console() != null;
    if (terminal) {
      out.println(
          "Flink SQL on " + sql.bootstrap() + ". Tables: " + String.join(", ", sql.tables()));
      out.println("End each statement with ';'. 'quit;' leaves. Arrows and Ctrl-R recall.");
      out.flush();
      Path history = Path.of(System.getProperty("user.home")).resolve(HISTORY);
      Files.createDirectories(history.getParent());
      try (Terminal console = TerminalBuilder.builder().system(true).build()) {
        SqlShell.run(SqlShell.reader(console, history), text -> sql.run(text, out, err));
      }
      return 0;
    }
    // Piped input (a script, a test): read plainly, and fail the run if a statement failed.
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder statement = new StringBuilder();
    boolean failed = false;
    while (true) {
      String line = in.readLine();
      if (line == null) {
        break;
      }
      statement.append(line).append('\n');
      if (!AnalyticsSql.complete(statement)) {
        continue;
      }
      String text = statement.toString().strip();
      statement.setLength(0);
      if (SqlShell.leaves(text)) {
        break;
      }
      failed |= !sql.run(text, out, err);
    }
    return failed ? 1 : 0;
  }
}
