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
 * {@code bench solomon} a table and a JSON file, bad files exit with a clear error. The instance is
 * the first 12 customers of Solomon C101.
 */
class RoutingCommandsTest {

  private static final Path INSTANCE = Path.of("src/test/resources/solomon/C101-12.txt");

  /** Six pickup-and-delivery pairs of Li & Lim lc1_2_1, four vehicles. */
  private static final Path PAIRS =
      Path.of("..", "routing", "src", "test", "resources", "lilim", "lc1_2_1-12.txt");

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
    for (String[] command :
        List.of(
            new String[] {"bench", "stream"},
            new String[] {"bench", "reopt"},
            new String[] {"solve"},
            new String[] {"up"})) {
      List<String> args = new java.util.ArrayList<>(List.of(command));
      args.add("--help");
      Result r = fleetstream(args.toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(r.out()).contains("Usage: fleetstream " + String.join(" ", command));
    }
  }

  @Test
  void solvePrintsOneJsonObjectWithEveryCustomerOnARoute() throws Exception {
    Result r =
        fleetstream(
            "solve",
            "--solomon",
            INSTANCE.toString(),
            "--time-limit",
            "1s",
            "--seed",
            "1",
            "--json");

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
  void solveLilimPrintsRoutesAsTheFilesTaskNumbersPickupBeforeDelivery() throws Exception {
    Result r = fleetstream("solve", "--lilim", PAIRS.toString(), "--threads", "1", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out().strip());
    assertThat(json.path("instance").asText()).isEqualTo("lc1_2_1-12");
    assertThat(json.path("unassigned").asInt()).isZero();
    List<Integer> tasks = new ArrayList<>();
    json.path("routes").forEach(route -> route.forEach(c -> tasks.add(c.asInt())));
    assertThat(tasks).containsExactlyInAnyOrder(3, 98, 4, 17, 5, 128, 6, 139, 8, 186, 9, 99);
    for (JsonNode route : json.path("routes")) {
      List<Integer> seq = new ArrayList<>();
      route.forEach(c -> seq.add(c.asInt()));
      if (seq.contains(3)) assertThat(seq.indexOf(98)).isGreaterThan(seq.indexOf(3));
    }
  }

  @Test
  void solveTakesExactlyOneInstanceFile() {
    Result both =
        fleetstream("solve", "--solomon", INSTANCE.toString(), "--lilim", PAIRS.toString());
    Result wrongFormat = fleetstream("solve", "--lilim", INSTANCE.toString());

    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--solomon").contains("--lilim");
    assertThat(wrongFormat.code()).isEqualTo(2);
    assertThat(wrongFormat.err()).contains("malformed instance file").contains("C101-12.txt:1");
  }

  @Test
  void benchLilimMarksHeldOutRowsAndWritesJsonAndAChart() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("pairs"));
    Files.copy(PAIRS, dir.resolve("lc1_2_1-12.txt"));
    Files.writeString(dir.resolve("bks.csv"), "instance,vehicles,distance\nlc1_2_1-12,2,300.0\n");
    Path out = tmp.resolve("lilim.json");

    Result r =
        fleetstream(
            "bench",
            "lilim",
            dir.toString(),
            "--time-limit",
            "1s",
            "--threads",
            "1",
            "--out",
            out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("lc1_2_1-12").contains("held");
    JsonNode json = new ObjectMapper().readTree(Files.readString(out));
    assertThat(json.path("format").asText()).isEqualTo("li_lim");
    assertThat(json.path("threads").asInt()).isEqualTo(1);
    JsonNode row = json.path("rows").get(0);
    assertThat(row.path("held_out").asBoolean()).isTrue();
    assertThat(row.path("family").asText()).isEqualTo("LC1");
    assertThat(row.path("ours").path("feasible").asBoolean()).isTrue();
    assertThat(row.path("ours").path("cpu_ms").asLong()).isPositive();
    assertThat(row.path("heap_peak_mib").asLong()).isPositive();
    assertThat(json.path("summary").get(0).path("ours").path("complete").asInt()).isEqualTo(1);
    assertThat(Files.size(tmp.resolve("lilim.png"))).isPositive();
  }

  @Test
  void aMissingOrMalformedFileIsAClearErrorWithANonZeroExitCode() throws Exception {
    Path garbage = Files.writeString(tmp.resolve("broken.txt"), "this is not a Solomon instance\n");

    Result missing =
        fleetstream("solve", "--solomon", tmp.resolve("nope.txt").toString(), "--json");
    Result malformed = fleetstream("solve", "--solomon", garbage.toString(), "--json");

    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("no such file");
    assertThat(malformed.code()).isNotZero();
    assertThat(malformed.err()).contains("malformed instance file");
  }

  @Test
  void benchSolomonPrintsATableAndWritesJson() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("instances"));
    Files.copy(INSTANCE, dir.resolve("C101-12.txt"));
    Path out = tmp.resolve("bench.json");

    Result r =
        fleetstream(
            "bench", "solomon", dir.toString(), "--time-limit", "1s", "--out", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("C101-12");
    assertThat(Files.readString(out)).contains("C101-12");
  }

  @Test
  void aMalformedFileNamesTheLine() throws Exception {
    Path bad = tmp.resolve("BAD.txt");
    Files.writeString(
        bad, "BAD\nVEHICLE\nNUMBER CAPACITY\n 2 10\nCUSTOMER\n 0 0 0 0 0 100 0\n 1 1 1 x 0 10 1\n");

    Result r = fleetstream("solve", "--solomon", bad.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("malformed").contains("BAD.txt:7");
  }

  @Test
  void wrongArgumentsAreUsageErrorsNamingTheOption() {
    Result noFile = fleetstream("solve", "--json");
    Result badDuration =
        fleetstream("solve", "--solomon", INSTANCE.toString(), "--time-limit", "soon");
    Result negative = fleetstream("bench", "solomon", tmp.toString(), "--time-limit", "-5s");

    assertThat(noFile.code()).isEqualTo(2);
    assertThat(noFile.err()).contains("--solomon");
    assertThat(badDuration.code()).isEqualTo(2);
    assertThat(badDuration.err()).contains("--time-limit").contains("soon");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err()).contains("positive");
  }

  @Test
  void benchShowsProgressAndReportsAMissingDirectory() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("two"));
    Files.copy(INSTANCE, dir.resolve("C101-12.txt"));
    Files.copy(INSTANCE, dir.resolve("C101-12b.txt"));

    Result r =
        fleetstream(
            "bench",
            "solomon",
            dir.toString(),
            "--time-limit",
            "1s",
            "--iterations",
            "30",
            "--out",
            tmp.resolve("two.json").toString());
    Result missing = fleetstream("bench", "solomon", "/nonexistent/dir");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("[1/2]").contains("[2/2]");
    assertThat(new ObjectMapper().readTree(tmp.resolve("two.json").toFile()).path("rows").size())
        .isEqualTo(2);
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("/nonexistent/dir");
  }

  @Test
  void matrixPrintsPointsTimeAndUnreachableAndReportsAMissingMap() throws Exception {
    Result r =
        fleetstream(
            "matrix",
            "--data-dir",
            tmp.resolve("graph").toString(),
            "--points",
            "30",
            "--seed",
            "4",
            "--json");
    Result missing = fleetstream("matrix", "--osm", "/nonexistent/map.osm.pbf", "--points", "5");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.path("points").asInt()).isEqualTo(30);
    assertThat(n.path("unreachable").asLong()).isBetween(0L, 30L * 29);
    assertThat(r.err()).contains("OpenStreetMap");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo("error: no such OSM file: /nonexistent/map.osm.pbf" + System.lineSeparator());
    assertThat(missing.out()).isEmpty();
  }
}
