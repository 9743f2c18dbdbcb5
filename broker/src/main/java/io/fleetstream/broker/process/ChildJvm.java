package io.fleetstream.broker.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A Java child process with its own classpath: started with its output in a log file, awaited until
 * it writes a ready file, stopped with its whole process tree. The child is expected to run {@link
 * ParentWatchdog} on the pid it is given, so it never outlives this JVM.
 */
public final class ChildJvm implements AutoCloseable {

  /**
   * What Flink needs on Java 17 (the list Flink's own scripts pass): its serializers reach into
   * these JDK packages by reflection. For every JVM that runs Flink, whichever version.
   */
  public static final List<String> FLINK_JAVA_17_FLAGS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final String name;
  private final Process process;
  private final Path log;
  private final ClassDataSharing sharing;
  private final Thread shutdownHook;

  private ChildJvm(
      String name, Process process, Path log, ClassDataSharing sharing, boolean stopOnJvmExit) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.sharing = sharing;
    this.shutdownHook =
        stopOnJvmExit ? new Thread(() -> stop(Duration.ofSeconds(10)), name + "-stopper") : null;
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /**
   * Starts {@code mainClass} with {@code jvmOptions} and {@code args} in {@code dir}, and waits
   * until {@code readyFile} exists. On failure or timeout the child is stopped and the exception
   * carries the last lines of its log. With {@code stopOnJvmExit} a shutdown hook of this JVM stops
   * the child; without, the caller stops it (in the order it needs) and the child's own watchdog
   * ends it should this JVM die. The child shares class data with earlier starts of the same
   * classpath ({@link ClassDataSharing}).
   */
  public static ChildJvm start(
      String name,
      Path dir,
      List<String> jvmOptions,
      String classpath,
      String mainClass,
      List<String> args,
      Path log,
      Path readyFile,
      Duration timeout,
      boolean stopOnJvmExit) {
    ClassDataSharing sharing =
        ClassDataSharing.forChild(name.toLowerCase(Locale.ROOT).replace(' ', '-'), classpath);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(sharing.jvmOptions());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.deleteIfExists(readyFile);
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      ChildJvm child = new ChildJvm(name, process, log, sharing, stopOnJvmExit);
      child.awaitReady(readyFile, timeout);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Asks the child to shut down (SIGTERM), then kills it and anything it started if it lingers. */
  public void stop(Duration grace) {
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or about to; stopping twice is harmless
      }
    }
    ProcessTree.stop(process.toHandle(), grace);
    sharing.childExited(process);
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(15));
  }

  /**
   * {@code mainClass}'s own code followed by the jars its module's build listed in {@code resource}
   * (written by maven-dependency-plugin's build-classpath): the child's classpath, which never
   * joins this JVM's.
   */
  public static String classpath(Class<?> mainClass, String resource) {
    try (InputStream in = mainClass.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is missing: build " + mainClass.getName() + "'s module with Maven first");
      }
      String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      String ownCode =
          Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      return ownCode + File.pathSeparator + jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The last {@code lines} lines of the child's log, for error messages. */
  public String tail(int lines) {
    return tail(log, lines);
  }

  private void awaitReady(Path readyFile, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try {
      while (!Files.exists(readyFile)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the "
                  + name
                  + " exited with code "
                  + process.exitValue()
                  + " before it was ready; last lines of "
                  + log
                  + ":\n"
                  + tail(log, 40));
        }
        if (Instant.now().isAfter(deadline)) {
          stop(Duration.ofSeconds(5));
          throw new IllegalStateException(
              "the "
                  + name
                  + " was not ready within "
                  + timeout
                  + "; last lines of "
                  + log
                  + ":\n"
                  + tail(log, 40));
        }
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(Duration.ofSeconds(5));
      throw new IllegalStateException("interrupted while waiting for the " + name, e);
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
