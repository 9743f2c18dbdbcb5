package io.fleetstream.routing.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The road map import on corrupted {@code .osm.pbf} files: the bundled Monaco extract with a few
 * bytes flipped, overwritten, cut off or spliced in (the input says which, where and how, so the
 * corpus files are a few bytes each). A corrupted map must either import or fail with {@link
 * RoadDataException} naming the file — within a time bound, without running out of memory, and
 * without leaving anything of the failed import in the graph cache.
 */
class OsmImportFuzzTest {

  private static final byte[] MONACO = monaco();
  private static final ExecutorService IMPORTS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fuzz-osm-import");
            t.setDaemon(true);
            return t;
          });

  /** Monaco imports in 1–3 s here; a corrupted one that takes 20× that is hanging. */
  private static final long BOUND_SECONDS = 60;

  /**
   * Bounded inside (see BOUND_SECONDS), not with @Timeout, which Jazzer would apply to a whole
   * fuzzing run.
   */
  @FuzzTest(maxDuration = "120s")
  void aCorruptedMapImportsOrFailsCleanly(FuzzedDataProvider in) throws Exception {
    byte[] pbf = corrupt(in);
    Path dir = Files.createTempDirectory("fleetstream-fuzz-osm-");
    try {
      Path file = dir.resolve("corrupted.osm.pbf");
      Files.write(file, pbf);
      RoadConfig config =
          RoadConfig.defaults().withOsmFile(file).withDataDir(dir.resolve("data")).withThreads(1);
      Future<Integer> load =
          IMPORTS.submit(
              () -> {
                try (RoadNetwork network = RoadNetwork.load(config)) {
                  return network.nodes();
                }
              });
      try {
        assertThat(load.get(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNegative();
      } catch (TimeoutException e) {
        load.cancel(true);
        fail("the import of a corrupted map was still running after " + BOUND_SECONDS + " s");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof RoadDataException)) {
          throw new AssertionError(
              "a corrupted map must fail with RoadDataException, not " + cause, cause);
        }
        assertThat(cause.getMessage()).contains(file.toString());
        assertThat(cacheDirs(dir.resolve("data")))
            .as("nothing of the failed import is left in the cache")
            .isEmpty();
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Up to 8 edits of the Monaco bytes; the early bytes (file and block headers) are hit most. */
  private static byte[] corrupt(FuzzedDataProvider in) {
    byte[] pbf = MONACO.clone();
    int edits = in.consumeInt(1, 8);
    for (int i = 0; i < edits && pbf.length > 0; i++) {
      int at =
          in.consumeBoolean()
              ? in.consumeInt(0, Math.min(pbf.length - 1, 4096))
              : in.consumeInt(0, pbf.length - 1);
      switch (in.consumeInt(0, 4)) {
        case 0 -> pbf[at] ^= (byte) (1 << in.consumeInt(0, 7));
        case 1 -> pbf[at] = in.consumeByte();
        case 2 -> pbf = Arrays.copyOf(pbf, at);
        case 3 ->
            Arrays.fill(pbf, at, Math.min(pbf.length, at + in.consumeInt(1, 64)), in.consumeByte());
        default -> {
          byte[] insert = in.consumeBytes(in.consumeInt(1, 16));
          byte[] longer = new byte[pbf.length + insert.length];
          System.arraycopy(pbf, 0, longer, 0, at);
          System.arraycopy(insert, 0, longer, at, insert.length);
          System.arraycopy(pbf, at, longer, at + insert.length, pbf.length - at);
          pbf = longer;
        }
      }
    }
    return pbf;
  }

  private static Stream<Path> cacheDirs(Path dataDir) throws IOException {
    Path graphs = dataDir.resolve("graph");
    return Files.isDirectory(graphs) ? Files.list(graphs).toList().stream() : Stream.empty();
  }

  private static byte[] monaco() {
    try (InputStream in =
        OsmImportFuzzTest.class.getResourceAsStream(
            "/io/fleetstream/routing/road/monaco-latest.osm.pbf")) {
      if (in == null) {
        throw new IllegalStateException(
            "monaco-latest.osm.pbf is not on the classpath; build with Maven");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
