package io.fleetstream.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.deploy.Fleetstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench stream} and {@code bench events} take {@code --osm FILE} as the other commands that
 * drive on a map do, and a file that is not there is named before anything starts (also by {@code
 * bench reopt}).
 */
class BenchMapOptionTest {

  @TempDir Path tmp;

  @Test
  void bothBenchmarksTakeAMap() {
    BenchStreamCommand stream = new BenchStreamCommand();
    new CommandLine(stream).parseArgs("--osm", "liechtenstein.osm.pbf", "--rate", "100");
    assertThat(stream.map.osm).isEqualTo(Path.of("liechtenstein.osm.pbf"));

    BenchEventsCommand events = new BenchEventsCommand();
    new CommandLine(events).parseArgs("--osm", "liechtenstein.osm.pbf");
    assertThat(events.map.osm).isEqualTo(Path.of("liechtenstein.osm.pbf"));

    BenchStreamCommand monaco = new BenchStreamCommand();
    new CommandLine(monaco).parseArgs();
    assertThat(monaco.map.osm).as("Monaco unless told").isNull();

    for (Object command : List.of(new BenchStreamCommand(), new BenchEventsCommand())) {
      assertThat(new CommandLine(command).getUsageMessage()).contains("--osm=FILE");
    }
  }

  @Test
  void aMissingMapFileIsNamedAndNothingStarts() {
    for (String command : List.of("stream", "events", "reopt")) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Fleetstream.run(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "bench",
              command,
              "--osm",
              "no-such-map.osm.pbf",
              "--out",
              tmp.toString());

      assertThat(code).as(command).isEqualTo(1);
      assertThat(err.toString())
          .as(command + ": one line, no stack trace")
          .isEqualTo("error: no such OSM file: no-such-map.osm.pbf" + System.lineSeparator());
      assertThat(out.toString()).as(command + ": no benchmark started").isEmpty();
      assertThat(tmp).as(command + ": nothing written").isEmptyDirectory();
    }
  }
}
