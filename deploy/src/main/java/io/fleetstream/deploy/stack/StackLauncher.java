package io.fleetstream.deploy.stack;

import io.fleetstream.broker.process.ChildJvm;
import io.fleetstream.broker.process.ClassDataSharing;
import io.fleetstream.broker.process.ProcessTree;
import io.fleetstream.connectors.kafka.KafkaSecurity;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Starts the stack's background JVM and waits for it; asks it to stop and makes sure it did. */
public final class StackLauncher {

  /** In {@code run/}: where the supervisor writes its class-data archive as it exits. */
  static final String PENDING_CLASS_DATA = "class-data.pending";

  private final Path dataDir;
  private final PrintWriter progress;

  public StackLauncher(Path dataDir, PrintWriter progress) {
    this.dataDir = dataDir.toAbsolutePath();
    this.progress = progress;
  }

  /** The current status if the stack is up (or coming up). */
  public Optional<StackStatus> live() {
    return StackStatus.read(dataDir).filter(StackStatus::isLive);
  }

  /**
   * Starts the stack unless it runs already, and returns once it is running.
   *
   * @throws IllegalStateException with the reason and the log's tail when it fails to start
   */
  public StackStatus up(int basePort, Duration timeout) {
    return up(basePort, Duration.ZERO, timeout);
  }

  /**
   * Starts the stack, rehearsing the dispatch job for {@code rehearsal} first (zero: not at all;
   * see {@link Rehearsal}), unless it runs already; the rehearsal adds to {@code timeout}.
   */
  public StackStatus up(int basePort, Duration rehearsal, Duration timeout) {
    return up(basePort, rehearsal, timeout, null, null, null);
  }

  /**
   * As {@link #up(int, Duration, Duration)}, with an external Kafka cluster ({@code kafka}) and/or
   * an external Flink cluster ({@code flink}, its REST API) instead of the stack's own (null: own),
   * and the job driving on the map {@code osmFile} (null: the embedded Monaco extract).
   */
  public StackStatus up(
      int basePort, Duration rehearsal, Duration timeout, String kafka, URI flink, Path osmFile) {
    Optional<StackStatus> current = live();
    if (current.isPresent() && StackStatus.RUNNING.equals(current.get().state())) {
      return current.get();
    }
    if (current.isEmpty()) {
      // A supervisor killed with -9 leaves its broker and bridge to their watchdogs: make sure they
      // are gone before new ones want the same ports and data.
      StackStatus.read(dataDir).ifPresent(this::killLeftovers);
    }
    Process spawned =
        current.isEmpty()
            ? spawnSupervisor(basePort, rehearsal, new Engines(kafka, flink), osmFile)
            : null;
    return awaitRunning(timeout.plus(rehearsal), spawned);
  }

  /** This JVM's class path with every entry made absolute: the stack runs in its data directory. */
  static String absoluteClassPath() {
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      boolean wildcard = entry.endsWith("*");
      String base = wildcard ? entry.substring(0, entry.length() - 1) : entry;
      String absolute =
          Path.of(base.isEmpty() ? "." : base).toAbsolutePath().normalize().toString();
      cp.append(cp.length() == 0 ? "" : File.pathSeparator)
          .append(absolute)
          .append(wildcard ? File.separator + "*" : "");
    }
    return cp.toString();
  }

  private Process spawnSupervisor(int basePort, Duration rehearsal, Engines engines, Path osmFile) {
    try {
      Files.createDirectories(dataDir.resolve("logs"));
      Files.deleteIfExists(StackStatus.file(dataDir));
      Path log = dataDir.resolve("logs").resolve("stack.log");
      List<String> command = new ArrayList<>();
      // setsid: the stack gets its own session, so a Ctrl-C in this terminal does not reach it.
      if (new File("/usr/bin/setsid").canExecute()) {
        command.add("/usr/bin/setsid");
      }
      String classpath = absoluteClassPath();
      ClassDataSharing sharing = ClassDataSharing.forChild("stack-supervisor", classpath);
      // `down` runs in another process: it adopts the archive once the supervisor has exited.
      sharing.recordIn(dataDir.resolve("run").resolve(PENDING_CLASS_DATA));
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(sharing.jvmOptions());
      command.add("-Xmx1536m");
      command.addAll(ChildJvm.FLINK_JAVA_17_FLAGS);
      command.add("-Dlog4j2.configurationFile=classpath:log4j2-stack.xml");
      command.add("-Dfleetstream.log.file=" + log);
      command.add("-cp");
      command.add(classpath);
      command.add(StackSupervisor.class.getName());
      command.add(dataDir.toString());
      command.add(Integer.toString(basePort));
      command.add(Long.toString(rehearsal.toMillis()));
      command.addAll(engines.asArgs());
      command.add(StackParts.osmArg(osmFile));
      ProcessBuilder supervisor = new ProcessBuilder(command);
      // The supervisor and what it starts (the bridge, the functions runtime) read the same file.
      supervisor.environment().putAll(KafkaSecurity.current().environment());
      return supervisor
          .directory(dataDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(
              ProcessBuilder.Redirect.appendTo(
                  dataDir.resolve("logs").resolve("stack.out").toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stack", e);
    }
  }

  private StackStatus awaitRunning(Duration timeout, Process spawned) {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    String lastStep = null;
    Instant stepStart = start;
    while (Instant.now().isBefore(deadline)) {
      Optional<StackStatus> status = StackStatus.read(dataDir);
      if (status.isPresent()) {
        StackStatus s = status.get();
        if (!Objects.equals(s.step(), lastStep)) {
          if (lastStep != null) {
            progress.printf(
                " done (%.1f s)%n", Duration.between(stepStart, Instant.now()).toMillis() / 1000.0);
          }
          if (s.step() != null && StackStatus.STARTING.equals(s.state())) {
            progress.print(describe(s.step()));
            progress.flush();
          }
          lastStep = s.step();
          stepStart = Instant.now();
        }
        if (StackStatus.RUNNING.equals(s.state())) {
          return s;
        }
        if (StackStatus.FAILED.equals(s.state())
            || (!s.isLive() && !StackStatus.STARTING.equals(s.state()))) {
          progress.println(" failed");
          throw new IllegalStateException(
              "the stack did not start: " + s.error() + "\n" + logTail());
        }
        if (!ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false)) {
          progress.println(" failed");
          throw new IllegalStateException("the stack process exited while starting\n" + logTail());
        }
      }
      if (spawned != null
          && !spawned.isAlive()
          && StackStatus.read(dataDir).map(st -> !st.isLive()).orElse(true)) {
        progress.println(" failed");
        throw new IllegalStateException(
            "the stack process exited with code "
                + spawned.exitValue()
                + " while starting\n"
                + logTail()
                + "\n"
                + outputTail());
      }
      sleep(200);
    }
    // A stack that did not come up in time must not stay behind in the background.
    String tail = logTail();
    if (spawned != null && spawned.isAlive()) {
      progress.println(" not in time; stopping it");
      ProcessTree.stop(spawned.toHandle(), Duration.ofSeconds(30));
    }
    StackStatus.read(dataDir).ifPresent(this::killLeftovers);
    throw new IllegalStateException(
        "the stack was not running after "
            + timeout.toSeconds()
            + " s and was stopped; see "
            + dataDir.resolve("logs/stack.log")
            + "\n"
            + tail);
  }

  private static String describe(String step) {
    return switch (step) {
      case "kafka" -> "  starting Kafka broker (KRaft, single node) ...";
      case "topics" -> "  creating topics ...";
      case "rehearsal" ->
          "  rehearsing the dispatch job on synthetic input until it is warm (outputs discarded, no"
              + " topic touched) ...";
      case "flink" -> "  starting Flink and the dispatch job ...";
      case "submit" -> "  submitting the dispatch job to the Flink cluster ...";
      case "bridge" -> "  starting the HTTP API (bridge) ...";
      case "functions" -> "  starting webhook delivery (Stateful Functions runtime) ...";
      default -> "  " + step + " ...";
    };
  }

  /**
   * Stops the stack: asks the supervisor (job stops with a savepoint, then the broker), waits, and
   * kills whatever is left. Returns true if something was running.
   */
  public boolean down(Duration timeout) {
    Optional<StackStatus> status = StackStatus.read(dataDir);
    if (status.isEmpty() || !status.get().isLive()) {
      status.ifPresent(this::killLeftovers);
      return false;
    }
    StackStatus s = status.get();
    try {
      Files.createDirectories(dataDir.resolve("run"));
      Files.writeString(
          dataDir.resolve("run").resolve(StackSupervisor.STOP_REQUEST), Instant.now().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessHandle supervisor = ProcessHandle.of(s.pid()).orElse(null);
    boolean stoppedItself = true;
    if (supervisor != null) {
      try {
        supervisor.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception notInTime) {
        progress.println(
            "  the stack did not stop in " + timeout.toSeconds() + " s; stopping it by force");
        ProcessTree.stop(supervisor, Duration.ofSeconds(15));
        stoppedItself = false;
      }
    }
    killLeftovers(s);
    ClassDataSharing.settleRecorded(
        dataDir.resolve("run").resolve(PENDING_CLASS_DATA), stoppedItself);
    return true;
  }

  /** The broker, the bridge and the functions runtime die with their supervisor; make sure. */
  private void killLeftovers(StackStatus s) {
    if (s.functions() != null && s.functions().runtimePid() != null) {
      ProcessHandle.of(s.functions().runtimePid())
          .filter(ProcessHandle::isAlive)
          .ifPresent(runtime -> ProcessTree.stop(runtime, Duration.ofSeconds(15)));
    }
    if (s.bridge() != null && s.bridge().pid() != null) {
      ProcessHandle.of(s.bridge().pid())
          .filter(ProcessHandle::isAlive)
          .ifPresent(bridge -> ProcessTree.stop(bridge, Duration.ofSeconds(15)));
    }
    if (s.kafka() != null && s.kafka().pid() != null) {
      ProcessHandle.of(s.kafka().pid())
          .filter(ProcessHandle::isAlive)
          .ifPresent(broker -> ProcessTree.stop(broker, Duration.ofSeconds(15)));
    }
  }

  private String outputTail() {
    Path out = dataDir.resolve("logs").resolve("stack.out");
    try {
      return Files.exists(out)
          ? "output of the stack process:\n" + Files.readString(out).strip()
          : "";
    } catch (IOException e) {
      return "";
    }
  }

  public String logTail() {
    Path log = dataDir.resolve("logs").resolve("stack.log");
    try {
      if (!Files.exists(log)) {
        return "(no log yet at " + log + ")";
      }
      List<String> lines = Files.readAllLines(log);
      return "last lines of "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
