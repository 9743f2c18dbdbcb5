package io.fleetstream.deploy.cli;

import io.fleetstream.deploy.mcp.StdioMcp;
import io.fleetstream.deploy.stack.StackLauncher;
import io.fleetstream.deploy.stack.StackStatus;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mcp --stdio}: the bridge's MCP tools for agents that start their servers as processes. */
@Command(
    name = "mcp",
    description =
        "Serve the bridge's MCP tools on standard input and output (--stdio), for desktop agents "
            + "that start MCP servers as processes; every call goes to the bridge's /mcp with "
            + "your key. Logs go to standard error.")
public final class McpCommand implements Callable<Integer> {

  @Option(names = "--stdio", required = true, description = "Speak MCP on stdin/stdout.")
  boolean stdio;

  @Option(
      names = "--url",
      description = "The bridge (default: the running stack's, in --data-dir).")
  String url;

  @Option(
      names = "--key",
      description =
          "The API key (default: $FLEETSTREAM_API_KEY); its scopes decide the tools' use.")
  String key;

  @picocli.CommandLine.Mixin StackOptions stack = new StackOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String apiKey = key != null ? key : System.getenv("FLEETSTREAM_API_KEY");
    if (apiKey == null || apiKey.isBlank()) {
      err.println("no API key: pass --key or set FLEETSTREAM_API_KEY");
      return 2;
    }
    String bridge = url;
    if (bridge == null) {
      bridge =
          new StackLauncher(stack.dataDir(), new PrintWriter(Writer.nullWriter()))
              .live()
              .map(StackStatus::bridge)
              .map(StackStatus.Bridge::url)
              .orElse(null);
      if (bridge == null) {
        err.println("no running stack in " + stack.dataDir() + ": start one or pass --url");
        return 2;
      }
    }
    CountDownLatch stdinClosed = new CountDownLatch(1);
    try (StdioMcp shim =
        StdioMcp.start(
            bridge,
            apiKey,
            new java.io.FilterInputStream(System.in) {
              @Override
              public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                  stdinClosed.countDown();
                }
                return n;
              }
            },
            System.out)) {
      err.println("serving the MCP tools of " + bridge + " on stdio");
      err.flush();
      stdinClosed.await();
    }
    return 0;
  }
}
