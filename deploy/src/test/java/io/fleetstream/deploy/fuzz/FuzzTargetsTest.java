package io.fleetstream.deploy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/fleetstream fuzz} knows every fuzz test of the tree, and every target it names exists
 * and has a committed corpus (its regression tests in {@code ./mvnw verify}).
 */
class FuzzTargetsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern FUZZ_TEST =
      Pattern.compile("(?m)^\\s*@FuzzTest\\b[^\\n]*\\n(?:\\s*@[^\\n]*\\n)*\\s*void (\\w+)\\(");

  @Test
  void everyFuzzTestOfTheTreeIsATarget() throws IOException {
    List<String> found = new ArrayList<>();
    for (String module :
        List.of(
            "state-schemas",
            "routing",
            "connectors",
            "jobs",
            "functions",
            "api-bridge",
            "deploy")) {
      Path tests = ROOT.resolve(module).resolve("src/test/java");
      if (!Files.isDirectory(tests)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(tests)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String className =
              tests.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
          Matcher m = FUZZ_TEST.matcher(Files.readString(file));
          while (m.find()) {
            found.add(module + ":" + className + "#" + m.group(1));
          }
        }
      }
    }
    assertThat(FuzzTarget.ALL)
        .extracting(t -> t.module() + ":" + t.testFilter())
        .containsExactlyInAnyOrderElementsOf(found);
  }

  @Test
  void everyTargetHasACommittedCorpus() throws IOException {
    for (FuzzTarget t : FuzzTarget.ALL) {
      Path inputs =
          ROOT.resolve(t.module())
              .resolve("src/test/resources")
              .resolve(t.testClass().replace('.', '/') + "Inputs")
              .resolve(t.method());
      assertThat(inputs).as(t.name()).isDirectory();
      try (Stream<Path> files = Files.list(inputs)) {
        assertThat(files.count()).as("corpus files of %s", t.name()).isGreaterThanOrEqualTo(3);
      }
    }
  }
}
