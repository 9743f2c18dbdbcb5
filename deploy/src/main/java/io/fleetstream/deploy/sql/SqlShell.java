package io.fleetstream.deploy.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * {@code bin/fleetstream sql} at a terminal: statements typed with line editing (JLine: arrows,
 * Ctrl-R search, Ctrl-C drops the statement being typed) and a history kept between sessions, each
 * statement one entry however many lines it took. Enter continues a statement until its {@code ;}.
 */
public final class SqlShell {

  static final String PROMPT = "fleetstream sql> ";
  static final String CONTINUATION = "               > ";

  private SqlShell() {}

  /** A reader on {@code terminal} that keeps its history in {@code history}. */
  public static LineReader reader(Terminal terminal, Path history) {
    return LineReaderBuilder.builder()
        .appName("fleetstream-sql")
        .terminal(terminal)
        .parser(new StatementParser())
        .variable(LineReader.HISTORY_FILE, history)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
        .build();
  }

  /**
   * Reads statements until {@code quit;}, {@code exit;} or end of input, handing each to {@code
   * execute} (false: it failed, and the session goes on); true when any failed.
   */
  public static boolean run(LineReader reader, Predicate<String> execute) {
    boolean failed = false;
    try {
      while (true) {
        String text;
        try {
          text = reader.readLine(PROMPT).strip();
        } catch (UserInterruptException typingDropped) {
          continue;
        } catch (EndOfFileException end) {
          break;
        }
        if (text.isEmpty()) {
          continue;
        }
        if (leaves(text)) {
          break;
        }
        failed |= !execute.test(text);
      }
    } finally {
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the sql history", e);
      }
    }
    return failed;
  }

  /** {@code quit;} or {@code exit;}: the statement that ends a session, typed or piped. */
  public static boolean leaves(String statement) {
    return statement.equalsIgnoreCase("quit;") || statement.equalsIgnoreCase("exit;");
  }

  /** A line is accepted once the statement in it is complete: at its {@code ;}. */
  static final class StatementParser extends DefaultParser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && !AnalyticsSql.complete(line)) {
        throw new EOFError(-1, cursor, "the statement goes on until its ';'");
      }
      return super.parse(line, cursor, context);
    }
  }
}
