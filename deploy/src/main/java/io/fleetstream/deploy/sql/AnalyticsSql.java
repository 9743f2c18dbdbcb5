package io.fleetstream.deploy.sql;

import io.fleetstream.connectors.kafka.KafkaSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A Flink SQL session on the output topics: docs/analytics.md's tables (the resource {@code
 * tables.sql}, held equal to the page by a test) registered against a Kafka cluster, statements run
 * one by one, answers printed as aligned tables.
 *
 * <p>By default the tables stop at the offsets the topics have when a query starts ({@code
 * scan.bounded.mode}) and queries run in batch mode: a query is a report over what is there now.
 * Following, they are unbounded and queries run streaming, each change printed as it happens.
 *
 * <p>Why a hand-written loop around Flink's own parser and planner rather than Flink's SQL client:
 * {@code flink-sql-client} is not published for Flink 2.2; statement splitting and result printing
 * are all that is ours.
 */
public final class AnalyticsSql {

  private static final String TABLES = "tables.sql";
  private static final Pattern CREATE = Pattern.compile("CREATE TABLE (\\w+)");

  private final TableEnvironment env;
  private final String bootstrap;
  private final boolean follow;
  private final List<String> tables = new ArrayList<>();

  private AnalyticsSql(TableEnvironment env, String bootstrap, boolean follow) {
    this.env = env;
    this.bootstrap = bootstrap;
    this.follow = follow;
  }

  /**
   * A session on {@code bootstrap} with the tables registered, reading with this process's {@link
   * KafkaSecurity} settings.
   */
  public static AnalyticsSql connect(String bootstrap, boolean follow) {
    TableEnvironment env =
        TableEnvironment.create(
            follow ? EnvironmentSettings.inStreamingMode() : EnvironmentSettings.inBatchMode());
    // Event times are UTC ('Z'); a session in the machine's zone would shift every window.
    env.getConfig().set("table.local-time-zone", "UTC");
    AnalyticsSql sql = new AnalyticsSql(env, bootstrap, follow);
    for (String ddl : statements(tablesSql())) {
      String table = ddl(ddl, bootstrap, follow, KafkaSecurity.current().settings());
      env.executeSql(table);
      Matcher m = CREATE.matcher(table);
      if (m.find()) {
        sql.tables.add(m.group(1));
      }
    }
    return sql;
  }

  /** The tables' statements as the page gives them. */
  public static String tablesSql() {
    try (InputStream in = AnalyticsSql.class.getResourceAsStream(TABLES)) {
      if (in == null) {
        throw new IllegalStateException(TABLES + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A table's statement for this cluster: its address, its security settings, bounded or not. */
  static String ddl(String ddl, String bootstrap, boolean follow, Map<String, String> security) {
    StringBuilder extra = new StringBuilder();
    security.forEach(
        (k, v) ->
            extra
                .append("\n  'properties.")
                .append(k)
                .append("' = '")
                .append(v.replace("'", "''"))
                .append("',"));
    String out =
        ddl.replace(
            "'properties.bootstrap.servers' = 'localhost:9092',",
            "'properties.bootstrap.servers' = '" + bootstrap.replace("'", "''") + "'," + extra);
    return follow ? out.replace("\n  'scan.bounded.mode' = 'latest-offset',", "") : out;
  }

  public String bootstrap() {
    return bootstrap;
  }

  public List<String> tables() {
    return List.copyOf(tables);
  }

  /**
   * Runs each statement of {@code text} in turn and prints its answer; stops at the first that
   * fails, printing Flink's reason. Returns whether all succeeded.
   */
  public boolean run(String text, PrintWriter out, PrintWriter err) {
    for (String statement : statements(text)) {
      try {
        TableResult result = env.executeSql(statement);
        if (result.getResultKind() == ResultKind.SUCCESS) {
          out.println("OK");
        } else {
          print(result, out);
        }
        out.flush();
      } catch (RuntimeException e) {
        err.println("error: " + reason(e));
        err.flush();
        return false;
      }
    }
    return true;
  }

  private void print(TableResult result, PrintWriter out) {
    List<String> columns = result.getResolvedSchema().getColumnNames();
    try (CloseableIterator<Row> rows = result.collect()) {
      if (follow) {
        // Unbounded: each change as it comes, with its kind (+I insert, -U/+U update, -D delete).
        out.println("op | " + String.join(" | ", columns));
        out.flush();
        while (rows.hasNext()) {
          Row row = rows.next();
          out.println(row.getKind().shortString() + " | " + String.join(" | ", cells(row)));
          out.flush();
        }
        return;
      }
      List<List<String>> table = new ArrayList<>();
      rows.forEachRemaining(r -> table.add(cells(r)));
      out.print(TextTable.of(columns, table));
      out.println(table.size() + (table.size() == 1 ? " row" : " rows"));
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  private static List<String> cells(Row row) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < row.getArity(); i++) {
      Object v = row.getField(i);
      cells.add(v == null ? "NULL" : v.toString());
    }
    return cells;
  }

  /** The innermost message that says something (Flink wraps parse and validation errors). */
  private static String reason(Throwable e) {
    String reason = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        reason = t.getMessage();
      }
    }
    return reason == null ? e.getClass().getSimpleName() : reason.strip();
  }

  /** The statements of {@code text}: split at ';' outside quotes, identifiers and comments. */
  public static List<String> statements(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean comment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (comment) {
        if (c == '\n') {
          comment = false;
          current.append(c);
        }
        continue;
      }
      if (quote != 0) {
        current.append(c);
        if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        comment = true;
        continue;
      }
      if (c == ';') {
        if (!current.toString().isBlank()) {
          out.add(current.toString().strip());
        }
        current.setLength(0);
        continue;
      }
      if (c == '\'' || c == '`' || c == '"') {
        quote = c;
      }
      current.append(c);
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  /** Whether {@code text} ends a statement: its last character outside quotes is ';'. */
  public static boolean complete(CharSequence text) {
    String s = text.toString().strip();
    if (!s.endsWith(";")) {
      return false;
    }
    List<String> parts = statements(s + "\nx");
    // "x" after a complete statement is a statement of its own; inside an open quote it is not.
    return !parts.isEmpty() && parts.get(parts.size() - 1).equals("x");
  }
}
