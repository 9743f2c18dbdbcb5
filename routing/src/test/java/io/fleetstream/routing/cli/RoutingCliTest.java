package io.fleetstream.routing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Captured exit code, stdout and stderr of one command. */
    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RoutingCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path resource(String name) throws Exception {
        return Path.of(RoutingCliTest.class.getResource("/solomon/" + name).toURI());
    }

    @Test
    void solvePrintsOneJsonObjectWithTheContractFields() throws Exception {
        Run r = run("solve", "--solomon", resource("C101.txt").toString(), "--time-limit", "20s", "--seed", "1",
                "--iterations", "60", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode n = JSON.readTree(r.out());
        assertThat(r.out().trim().split("\n")).hasSize(1);
        assertThat(n.fieldNames()).toIterable().contains("instance", "vehicles", "distance", "unassigned", "elapsed_ms", "routes");
        assertThat(n.get("instance").asText()).isEqualTo("C101");
        assertThat(n.get("unassigned").asInt()).isZero();
        assertThat(n.get("routes").size()).isEqualTo(n.get("vehicles").asInt());
        Set<Integer> customers = new HashSet<>();
        n.get("routes").forEach(route -> route.forEach(c -> customers.add(c.asInt())));
        assertThat(customers).hasSize(100).allMatch(c -> c >= 1 && c <= 100);
    }

    @Test
    void solveReportsAMissingFileWithANonZeroExit() {
        Run r = run("solve", "--solomon", "/nonexistent/R999.txt", "--json");

        assertThat(r.exit()).isEqualTo(RoutingCli.BAD_INPUT);
        assertThat(r.err()).contains("R999.txt");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void solveReportsAMalformedFileWithTheLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("BAD.txt");
        Files.writeString(bad, "BAD\nVEHICLE\nNUMBER CAPACITY\n 2 10\nCUSTOMER\n 0 0 0 0 0 100 0\n 1 1 1 x 0 10 1\n");

        Run r = run("solve", "--solomon", bad.toString());

        assertThat(r.exit()).isEqualTo(RoutingCli.BAD_INPUT);
        assertThat(r.err()).contains("malformed").contains("BAD.txt:7");
    }

    @Test
    void wrongArgumentsPrintUsage() {
        assertThat(run("solve", "--json").exit()).isEqualTo(RoutingCli.USAGE);
        assertThat(run("solve", "--solomon", "x", "--time-limit", "soon").err()).contains("--time-limit");
        assertThat(run("frobnicate").exit()).isEqualTo(RoutingCli.USAGE);
        assertThat(run().exit()).isEqualTo(RoutingCli.USAGE);
    }

    @Test
    void benchPrintsATableShowsProgressAndWritesJson(@TempDir Path dir) throws Exception {
        Path instances = Files.createDirectory(dir.resolve("solomon"));
        Files.copy(resource("C101.txt"), instances.resolve("C101.txt"));
        Files.copy(resource("RC101.txt"), instances.resolve("RC101.txt"));
        Path out = dir.resolve("report.json");

        Run r = run("bench", "solomon", instances.toString(), "--time-limit", "20s", "--iterations", "30",
                "--out", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("instance").contains("gap%").contains("C101").contains("RC101");
        assertThat(r.err()).contains("[1/2]").contains("[2/2]");
        JsonNode report = JSON.readTree(out.toFile());
        assertThat(report.get("rows").size()).isEqualTo(2);
        assertThat(report.get("rows").get(0).get("bks_distance").asDouble()).isEqualTo(828.94);
        assertThat(report.get("summary").get("feasible").asInt()).isEqualTo(2);
    }

    @Test
    void benchReportsAMissingDirectory() {
        Run r = run("bench", "solomon", "/nonexistent/dir");

        assertThat(r.exit()).isEqualTo(RoutingCli.BAD_INPUT);
        assertThat(r.err()).contains("/nonexistent/dir");
    }

    @Test
    void matrixPrintsPointsTimeAndUnreachable() throws Exception {
        String cache = System.getProperty("fleetstream.test.graph.cache", "target/graph-cache");

        Run r = run("matrix", "--data-dir", cache, "--points", "60", "--seed", "4", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("points").asInt()).isEqualTo(60);
        assertThat(n.get("elapsed_ms").asLong()).isNotNegative();
        assertThat(n.get("unreachable").asLong()).isBetween(0L, 60L * 59);
        assertThat(r.err()).contains("OpenStreetMap");
    }

    @Test
    void matrixReportsAMissingMapFile() {
        Run r = run("matrix", "--osm", "/nonexistent/map.osm.pbf", "--points", "5");

        assertThat(r.exit()).isEqualTo(RoutingCli.BAD_INPUT);
        assertThat(r.err()).contains("map.osm.pbf");
    }
}
