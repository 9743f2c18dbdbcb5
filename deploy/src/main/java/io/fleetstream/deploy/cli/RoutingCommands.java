package io.fleetstream.deploy.cli;

import io.fleetstream.routing.cli.RoutingCli;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.io.output.WriterOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The routing engine's commands. The routing module parses its own arguments (it has no CLI
 * library, being a plain library); these classes hand them over with picocli's output streams.
 */
public final class RoutingCommands {

  private RoutingCommands() {}

  static int run(CommandSpec spec, List<String> prefix, List<String> args) throws Exception {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(args == null ? List.of() : args);
    try (PrintStream out = stream(spec.commandLine().getOut()); PrintStream err = stream(spec.commandLine().getErr())) {
      return RoutingCli.run(all.toArray(String[]::new), out, err);
    }
  }

  private static PrintStream stream(PrintWriter writer) throws Exception {
    return new PrintStream(WriterOutputStream.builder().setWriter(writer).setCharset(StandardCharsets.UTF_8).get(), true,
        StandardCharsets.UTF_8);
  }

  /** {@code solve}: one Solomon instance. */
  @Command(name = "solve", description = "Solve a Solomon VRPTW instance: solve --solomon FILE [--time-limit 5s] [--seed 1] "
      + "[--threads N] [--iterations N] [--json]")
  public static final class Solve implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Unmatched List<String> args;

    @Override
    public Integer call() throws Exception {
      return run(spec, List.of("solve"), args);
    }
  }

  /** {@code matrix}: a road travel-time matrix between random points. */
  @Command(name = "matrix", description = "Road matrix between N random points: matrix [--osm FILE] [--data-dir DIR] "
      + "--points N [--seed S] [--threads N] [--json]")
  public static final class Matrix implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Unmatched List<String> args;

    @Override
    public Integer call() throws Exception {
      return run(spec, List.of("matrix"), args);
    }
  }

  /** {@code bench solomon}: every instance of a directory, with OR-Tools alongside on request. */
  @Command(name = "solomon", description = "Solomon benchmark: bench solomon DIR [--time-limit 5s] [--seed 1] [--threads N] "
      + "[--peers] [--out FILE]")
  public static final class BenchSolomon implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Unmatched List<String> args;

    @Override
    public Integer call() throws Exception {
      return run(spec, List.of("bench", "solomon"), args);
    }
  }

  /** {@code bench road}: a short solve against a long one on the road network. */
  @Command(name = "road", description = "Road solve benchmark: bench road [--osm FILE] [--data-dir DIR] [--jobs 200] "
      + "[--drivers 20] [--short 2s] [--long 60s] [--seed 1]")
  public static final class BenchRoad implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Unmatched List<String> args;

    @Override
    public Integer call() throws Exception {
      return run(spec, List.of("bench", "road"), args);
    }
  }
}
