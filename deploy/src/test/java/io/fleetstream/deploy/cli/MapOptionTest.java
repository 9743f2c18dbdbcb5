package io.fleetstream.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --osm FILE}: no file, a file that is there, and one that is not. */
class MapOptionTest {

  @TempDir Path tmp;

  private final StringWriter err = new StringWriter();

  @Test
  void noFileNamedIsTheEmbeddedMap() {
    MapOption map = new MapOption();

    assertThat(map.missing(new PrintWriter(err))).isFalse();
    assertThat(map.file()).isNull();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aFileThatIsThereIsGivenAsAnAbsolutePath() throws Exception {
    Path pbf = Files.createFile(tmp.resolve("liechtenstein.osm.pbf"));
    MapOption map = new MapOption();
    map.osm = tmp.resolve(".").resolve("liechtenstein.osm.pbf");

    assertThat(map.missing(new PrintWriter(err))).isFalse();
    assertThat(map.file()).isEqualTo(pbf.toAbsolutePath());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aFileThatIsNotThereIsNamedOnceOnTheErrorWriter() {
    MapOption map = new MapOption();
    map.osm = Path.of("no-such-map.osm.pbf");

    // Buffered and not flushed by the caller: missing() flushes what it printed.
    assertThat(map.missing(new PrintWriter(new BufferedWriter(err)))).isTrue();
    assertThat(err.toString())
        .isEqualTo("error: no such OSM file: no-such-map.osm.pbf" + System.lineSeparator());
    assertThatThrownBy(map::file)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such OSM file: no-such-map.osm.pbf");
  }

  @Test
  void aDirectoryIsNotAMapFile() {
    MapOption map = new MapOption();
    map.osm = tmp;

    assertThat(map.missing(new PrintWriter(err))).isTrue();
    assertThat(err.toString()).startsWith("error: no such OSM file: ");
  }
}
