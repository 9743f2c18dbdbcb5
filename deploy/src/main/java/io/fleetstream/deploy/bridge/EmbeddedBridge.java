package io.fleetstream.deploy.bridge;

import io.fleetstream.bridge.BridgeMain;
import io.fleetstream.broker.process.ChildJvm;
import io.fleetstream.broker.process.ClassDataSharing;
import io.fleetstream.broker.process.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP bridge in its own JVM (its slf4j 2 and Jetty 12 must not meet Flink's slf4j 1.7), on
 * exactly the classpath the api-bridge build wrote into {@code bridge.classpath}. The child exits
 * by itself when the process that started it is gone.
 */
public final class EmbeddedBridge implements AutoCloseable {

  private static final String CLASSPATH_RESOURCE = "/io/fleetstream/bridge/bridge.classpath";

  /**
   * Extra JVM options for the bridge child, space-separated (e.g. a {@code
   * -XX:StartFlightRecording=...} to profile it under {@code bench api}); empty by default.
   */
  public static final String JVM_OPTIONS_PROPERTY = "fleetstream.bridge.jvm-options";

  private final Process process;
  private final String url;
  private final ClassDataSharing sharing;

  private EmbeddedBridge(Process process, String url, ClassDataSharing sharing) {
    this.process = process;
    this.url = url;
    this.sharing = sharing;
  }

  /**
   * Starts the bridge with its data under {@code dataDir} and returns once {@code /healthz} and
   * {@code /readyz} answer 200; {@code settings} are extra {@code key=value} settings of the
   * bridge.
   */
  public static EmbeddedBridge start(
      Path dataDir,
      String bootstrapServers,
      int port,
      Path logDir,
      Map<String, String> settings,
      Duration timeout) {
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(logDir);
      Files.deleteIfExists(dataDir.resolve("bridge.url"));
      String classpath = ChildJvm.classpath(BridgeMain.class, CLASSPATH_RESOURCE);
      ClassDataSharing sharing = ClassDataSharing.forChild("http-bridge", classpath);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(sharing.jvmOptions());
      command.add("-Xmx768m");
      for (String option : System.getProperty(JVM_OPTIONS_PROPERTY, "").trim().split("\\s+")) {
        if (!option.isEmpty()) {
          command.add(option);
        }
      }
      command.add("-Dlog4j2.configurationFile=classpath:io/fleetstream/bridge/log4j2-bridge.xml");
      command.add("-Dfleetstream.log.file=" + logDir.resolve("bridge.log"));
      command.add("-cp");
      command.add(classpath);
      command.add(BridgeMain.class.getName());
      command.add("--kafka.bootstrap=" + bootstrapServers);
      command.add("--data.dir=" + dataDir);
      command.add("--port=" + port);
      command.add("--parent.pid=" + ProcessHandle.current().pid());
      settings.forEach((k, v) -> command.add("--" + k + "=" + v));
      Process process =
          new ProcessBuilder(command)
              .directory(dataDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(logDir.resolve("bridge.out").toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      String url = "http://127.0.0.1:" + port;
      EmbeddedBridge bridge = new EmbeddedBridge(process, url, sharing);
      bridge.awaitReady(timeout, logDir);
      return bridge;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP bridge", e);
    }
  }

  public String url() {
    return url;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void awaitReady(Duration timeout, Path logDir) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the HTTP bridge exited with code "
                + process.exitValue()
                + "; see "
                + logDir.resolve("bridge.log")
                + " and "
                + logDir.resolve("bridge.out"));
      }
      if (ok(client, "/healthz") && ok(client, "/readyz")) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException(
        "the HTTP bridge was not ready at "
            + url
            + " within "
            + timeout.toSeconds()
            + " s; see "
            + logDir.resolve("bridge.log"));
  }

  private boolean ok(HttpClient client, String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url + path))
              .timeout(Duration.ofSeconds(3))
              .GET()
              .build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the bridge (SIGTERM: it closes its stores cleanly), killing it if it lingers. */
  @Override
  public void close() {
    ProcessTree.stop(process.toHandle(), Duration.ofSeconds(15));
    sharing.childExited(process);
  }
}
