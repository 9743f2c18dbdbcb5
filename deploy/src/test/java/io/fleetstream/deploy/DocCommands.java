package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The {@code bin/fleetstream} commands a page of docs/ shows, and the check that a test ran each of
 * them: the same subcommand with at least the options the page gives it (the values differ: a
 * temporary data directory, local addresses).
 */
public final class DocCommands {

  private DocCommands() {}

  /**
   * The page's commands (without {@code bin/fleetstream}) whose subcommand words pass {@code
   * which}.
   */
  public static List<List<String>> of(String page, Predicate<List<String>> which) {
    try {
      return Files.readAllLines(Path.of("..", "docs", page)).stream()
          .filter(l -> l.startsWith("bin/fleetstream "))
          .map(l -> List.of(l.substring("bin/fleetstream ".length()).trim().split("\\s+")))
          .filter(words -> which.test(verbs(words)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails unless every documented command has a counterpart among those {@code ran}. */
  public static void assertEachRan(List<List<String>> documented, List<List<String>> ran) {
    assertThat(documented).as("documented commands").isNotEmpty();
    for (List<String> command : documented) {
      assertThat(ran)
          .as("a command like '%s' ran", String.join(" ", command))
          .anyMatch(
              r -> verbs(r).equals(verbs(command)) && options(r).containsAll(options(command)));
    }
  }

  public static List<String> verbs(List<String> args) {
    return args.stream().takeWhile(a -> !a.startsWith("--")).toList();
  }

  private static Set<String> options(List<String> args) {
    // Tests run every command with their own --data-dir (CliRun adds it).
    return args.stream()
        .filter(a -> a.startsWith("--") && !a.equals("--data-dir"))
        .collect(Collectors.toSet());
  }
}
