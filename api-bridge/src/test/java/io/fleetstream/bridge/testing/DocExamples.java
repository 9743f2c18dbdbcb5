package io.fleetstream.bridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example requests of a Markdown page: each {@code <!-- example: NAME; expect STATUS; save
 * VAR=field -->} followed by a fenced curl command. Runs them in order with a tiny curl: {@code
 * -X}, {@code -H}, {@code -d}, shell quoting and {@code $VARS}; {@code -N --max-time S} reads an
 * event stream for S seconds, and {@code ; events N} in the marker asks for at least N events;
 * {@code ; retry} repeats the request (up to 30 s) until it gets the status, for a request the
 * guide says may need a retry while the dispatch job catches up.
 */
public final class DocExamples {

  private static final Pattern EXAMPLE =
      Pattern.compile(
          "<!-- example: ([^;]+); expect (\\d{3})(?:; events (\\d+))?((?:; save \\w+=[\\w.]+)*)(; retry)? -->\\s*```bash\\n(.*?)\\n```",
          Pattern.DOTALL);
  private static final Pattern SAVE = Pattern.compile("save (\\w+)=([\\w.]+)");

  /** One example: what it is called, the status it must get, what to remember from the answer. */
  public record Example(
      String name,
      int expect,
      int minEvents,
      Map<String, String> saves,
      String command,
      boolean retry) {}

  /** A parsed curl command; {@code maxTimeSeconds} is null unless {@code --max-time} was given. */
  public record Curl(
      String method,
      String url,
      Map<String, String> headers,
      String data,
      Integer maxTimeSeconds) {}

  private DocExamples() {}

  public static List<Example> read(Path markdown) throws IOException {
    Matcher m = EXAMPLE.matcher(Files.readString(markdown));
    List<Example> found = new ArrayList<>();
    while (m.find()) {
      Map<String, String> saves = new LinkedHashMap<>();
      Matcher s = SAVE.matcher(m.group(4));
      while (s.find()) {
        saves.put(s.group(1), s.group(2));
      }
      int minEvents = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      found.add(
          new Example(
              m.group(1).trim(),
              Integer.parseInt(m.group(2)),
              minEvents,
              saves,
              m.group(6),
              m.group(5) != null));
    }
    return found;
  }

  /** Parses a curl command, expanding {@code $NAME} outside single quotes. */
  public static Curl parse(String command, Map<String, String> vars) {
    List<String> words = words(command.replace("\\\n", " "), vars);
    if (words.isEmpty() || !words.get(0).equals("curl")) {
      throw new IllegalArgumentException("not a curl command: " + command);
    }
    String method = null;
    String url = null;
    String data = null;
    Integer maxTime = null;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      switch (w) {
        case "-X" -> method = words.get(++i);
        case "-H" -> {
          String h = words.get(++i);
          headers.put(
              h.substring(0, h.indexOf(':')).trim(), h.substring(h.indexOf(':') + 1).trim());
        }
        case "-d" -> data = words.get(++i);
        case "-s", "-N" -> {}
        case "--max-time" -> maxTime = Integer.parseInt(words.get(++i));
        default -> {
          if (w.startsWith("-")) {
            throw new IllegalArgumentException("unsupported curl option " + w);
          }
          url = w;
        }
      }
    }
    return new Curl(
        method != null ? method : data != null ? "POST" : "GET", url, headers, data, maxTime);
  }

  private static List<String> words(String text, Map<String, String> vars) {
    List<String> words = new ArrayList<>();
    StringBuilder current = null;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (current != null) {
          words.add(current.toString());
          current = null;
        }
        i++;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        current = current == null ? new StringBuilder() : current;
        current.append(text, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        int end = text.indexOf('"', i + 1);
        current = current == null ? new StringBuilder() : current;
        current.append(expand(text.substring(i + 1, end), vars));
        i = end + 1;
      } else {
        int end = i;
        while (end < text.length()
            && !Character.isWhitespace(text.charAt(end))
            && text.charAt(end) != '\''
            && text.charAt(end) != '"') {
          end++;
        }
        current = current == null ? new StringBuilder() : current;
        current.append(expand(text.substring(i, end), vars));
        i = end;
      }
    }
    if (current != null) {
      words.add(current.toString());
    }
    return words;
  }

  private static String expand(String s, Map<String, String> vars) {
    Matcher m = Pattern.compile("\\$(\\w+)").matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = vars.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("$" + m.group(1) + " is not set by an earlier example");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
