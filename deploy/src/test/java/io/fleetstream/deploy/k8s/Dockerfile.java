package io.fleetstream.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The instructions of a Dockerfile, continuation lines joined, grouped by build stage. */
record Dockerfile(Path path, List<Stage> stages) {

  /** One instruction: its keyword (upper case) and the rest of its line. */
  record Instruction(String keyword, String arguments) {}

  /** The instructions from one FROM to the next. */
  record Stage(String from, List<Instruction> instructions) {

    List<String> arguments(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::arguments)
          .toList();
    }
  }

  static Dockerfile parse(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Stage> stages = new ArrayList<>();
    List<Instruction> before = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    List<String> joined = new ArrayList<>();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        current.append(trimmed);
        joined.add(current.toString().strip());
        current.setLength(0);
      }
    }
    for (String instruction : joined) {
      int space = instruction.indexOf(' ');
      String keyword = instruction.substring(0, space).toUpperCase(Locale.ROOT);
      String arguments = instruction.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        stages.add(new Stage(arguments, new ArrayList<>()));
      } else if (stages.isEmpty()) {
        before.add(new Instruction(keyword, arguments));
      } else {
        stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
      }
    }
    return new Dockerfile(path, List.copyOf(stages));
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }

  /** The image of the final stage, e.g. {@code flink:2.2.1-java17}. */
  String base() {
    return last().from().split("\\s+")[0];
  }

  /** The default of {@code ARG name=...} in any stage. */
  String arg(String name) {
    for (Stage stage : stages) {
      for (String arg : stage.arguments("ARG")) {
        if (arg.startsWith(name + "=")) {
          return arg.substring(name.length() + 1);
        }
      }
    }
    throw new AssertionError(path + " has no ARG " + name + "=...");
  }
}
