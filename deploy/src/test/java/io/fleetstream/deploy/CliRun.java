package io.fleetstream.deploy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** {@code bin/fleetstream ARGS --data-dir DIR} run in this JVM, its output echoed for the log. */
public record CliRun(int code, String out, String err) {

  public static CliRun fleetstream(Path dataDir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--data-dir";
    all[args.length + 1] = dataDir.toString();
    int code = Fleetstream.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    System.out.println("$ fleetstream " + String.join(" ", all) + "\n" + out + err);
    return new CliRun(code, out.toString(), err.toString());
  }
}
