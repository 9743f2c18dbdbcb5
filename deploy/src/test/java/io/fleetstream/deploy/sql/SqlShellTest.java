package io.fleetstream.deploy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal session: a statement spans lines until its ';', and the next session recalls it. */
class SqlShellTest {

  @TempDir Path dir;

  @Test
  void aStatementTypedOverTwoLinesRunsOnceAndIsRecalledInTheNextSession() throws Exception {
    Path history = dir.resolve("sql_history");
    List<String> ran = new ArrayList<>();

    boolean failed =
        session(
            "SELECT driver_id\n  FROM assignments;\nSELECT 'a;b' AS x;\n\nBROKEN;\nquit;\nSELECT 3;\n",
            history,
            ran);

    assertThat(ran)
        .as("quit; ends the session: what follows is not run")
        .containsExactly("SELECT driver_id\n  FROM assignments;", "SELECT 'a;b' AS x;", "BROKEN;");
    assertThat(failed).as("BROKEN; failed").isTrue();
    assertThat(Files.readString(history)).contains("FROM assignments;").contains("BROKEN;");

    LineReader next = reader("", history);
    next.getHistory().attach(next);
    List<String> recalled = new ArrayList<>();
    next.getHistory().forEach(e -> recalled.add(e.line()));
    assertThat(recalled)
        .as("one entry per statement, however many lines it took")
        .contains("SELECT driver_id\n  FROM assignments;", "SELECT 'a;b' AS x;");
  }

  private static boolean session(String typed, Path history, List<String> ran) throws Exception {
    LineReader reader = reader(typed, history);
    try (Terminal ignored = reader.getTerminal()) {
      return SqlShell.run(
          reader,
          statement -> {
            ran.add(statement);
            return !statement.startsWith("BROKEN");
          });
    }
  }

  private static LineReader reader(String typed, Path history) throws Exception {
    Terminal terminal =
        TerminalBuilder.builder()
            .system(false)
            .dumb(true)
            .streams(
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream())
            .build();
    return SqlShell.reader(terminal, history);
  }
}
