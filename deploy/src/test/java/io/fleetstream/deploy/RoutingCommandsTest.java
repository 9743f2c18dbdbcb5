package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing commands through the launcher, as documented: {@code solve} prints one JSON object,
 * {@code bench solomon} a table and a JSON file, bad files exit with a clear error. The instance
 * is the first 12 customers of Solomon C101.
 */
class RoutingCommandsTest {

  private static final Path INSTANCE = Path.of("src/test/resources/solomon/C101-12.txt");

  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  private static Result fleetstream(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Fleetstream.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    for (String[] command : List.of(new String[] {"bench", "stream"}, new String[] {"bench", "reopt"},
        new String[] {"solve"}, new String[] {"up"})) {
      List<String> args = new java.util.ArrayList<>(List.of(command));
      args.add("--help");
      Result r = fleetstream(args.toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(r.out()).contains("Usage: fleetstream " + String.join(" ", command));
    }
  }

  @Test
  void solvePrintsOneJsonObjectWithEveryCustomerOnARoute() throws Exception {
    Result r = fleetstream("solve", "--solomon", INSTANCE.toString(), "--time-limit", "1s", "--seed", "1", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out().strip());
    assertThat(json.path("instance").asText()).isEqualTo("C101-12");
    assertThat(json.path("unassigned").asInt()).isZero();
    assertThat(json.path("distance").asDouble()).isPositive();
    List<Integer> customers = new ArrayList<>();
    json.path("routes").forEach(route -> route.forEach(c -> customers.add(c.asInt())));
    assertThat(customers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(json.path("vehicles").asInt()).isEqualTo(json.path("routes").size());
  }

  @Test
  void aMissingOrMalformedFileIsAClearErrorWithANonZeroExitCode() throws Exception {
    Path garbage = Files.writeString(tmp.resolve("broken.txt"), "this is not a Solomon instance\n");

    Result missing = fleetstream("solve", "--solomon", tmp.resolve("nope.txt").toString(), "--json");
    Result malformed = fleetstream("solve", "--solomon", garbage.toString(), "--json");

    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("no such file");
    assertThat(malformed.code()).isNotZero();
    assertThat(malformed.err()).contains("malformed Solomon file");
  }

  @Test
  void benchSolomonPrintsATableAndWritesJson() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("instances"));
    Files.copy(INSTANCE, dir.resolve("C101-12.txt"));
    Path out = tmp.resolve("bench.json");

    Result r = fleetstream("bench", "solomon", dir.toString(), "--time-limit", "1s", "--out", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("C101-12");
    assertThat(Files.readString(out)).contains("C101-12");
  }
}
