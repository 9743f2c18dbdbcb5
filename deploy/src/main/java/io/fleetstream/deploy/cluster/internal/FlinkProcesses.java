package io.fleetstream.deploy.cluster.internal;

import io.fleetstream.broker.process.ChildJvm;
import io.fleetstream.connectors.kafka.KafkaSecurity;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Flink's own processes, started the way Flink's scripts ({@code jobmanager.sh}, {@code
 * taskmanager.sh}) start them, since {@code flink-dist} and its scripts are not available here: a
 * {@code config.yaml}, memory flags computed by Flink's {@code BashJavaUtils}, the entry point
 * classes, detached from the command that started them (own session, own log file).
 */
public final class FlinkProcesses {

  private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

  private final Path clusterDir;
  private final String classpath;

  public FlinkProcesses(Path clusterDir, String classpath) {
    this.clusterDir = clusterDir.toAbsolutePath();
    this.classpath = classpath;
  }

  public Path confDir() {
    return clusterDir.resolve("conf");
  }

  public Path logDir() {
    return clusterDir.resolve("log");
  }

  /**
   * Writes {@code conf/config.yaml} (flat keys) and the log configuration Flink's processes use.
   */
  public void writeConfig(Map<String, String> settings) {
    try {
      Files.createDirectories(confDir());
      Files.createDirectories(logDir());
      StringBuilder yaml =
          new StringBuilder("# written by bin/fleetstream cluster up; rewritten at each start\n");
      new LinkedHashMap<>(settings)
          .forEach((k, v) -> yaml.append(k).append(": ").append(quoted(v)).append('\n'));
      Files.writeString(confDir().resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
      Files.writeString(
          confDir().resolve("log4j.properties"),
          String.join(
              "\n",
              "# Flink's processes log to ${sys:log.file} (the web UI shows it)",
              "rootLogger.level = INFO",
              "rootLogger.appenderRef.file.ref = MainAppender",
              "appender.main.name = MainAppender",
              "appender.main.type = File",
              "appender.main.append = true",
              "appender.main.fileName = ${sys:log.file}",
              "appender.main.layout.type = PatternLayout",
              "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
              "logger.kafka.name = org.apache.kafka",
              "logger.kafka.level = WARN",
              ""),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoted(String value) {
    return value.matches("[A-Za-z0-9_.:/\\-]+") ? value : "'" + value.replace("'", "''") + "'";
  }

  /** Starts the JobManager of a standalone session cluster; returns its process. */
  public Process startJobManager() {
    Resources r = resources("GET_JM_RESOURCE_PARAMS");
    return spawn(
        "jobmanager",
        r.jvmOptions(),
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
        concat(
            List.of("--configDir", confDir().toString(), "--executionMode", "cluster"),
            r.dynamicProperties()));
  }

  /** Starts TaskManager number {@code index} (1-based); returns its process. */
  public Process startTaskManager(int index) {
    Resources r = resources("GET_TM_RESOURCE_PARAMS");
    return spawn(
        "taskmanager-" + index,
        r.jvmOptions(),
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        concat(List.of("--configDir", confDir().toString()), r.dynamicProperties()));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** JVM memory flags and {@code -D key=value} settings, as Flink's scripts compute them. */
  record Resources(List<String> jvmOptions, List<String> dynamicProperties) {}

  private Resources resources(String command) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add("org.apache.flink.runtime.util.bash.BashJavaUtils");
    cmd.add(command);
    cmd.add("--configDir");
    cmd.add(confDir().toString());
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "Flink's BashJavaUtils " + command + " failed:\n" + out.strip());
      }
      List<String> results =
          out.lines()
              .filter(l -> l.startsWith(RESULT_PREFIX))
              .map(l -> l.substring(RESULT_PREFIX.length()).trim())
              .toList();
      if (results.size() < 2) {
        throw new IllegalStateException(
            "Flink's BashJavaUtils " + command + " printed no resources:\n" + out.strip());
      }
      // The last two results: JVM flags, then dynamic properties ("-D k=v -D k=v").
      return new Resources(
          words(results.get(results.size() - 2)), words(results.get(results.size() - 1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> words(String line) {
    return line.isBlank() ? List.of() : Arrays.asList(line.trim().split("\\s+"));
  }

  private Process spawn(String name, List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    // setsid: its own session, so a Ctrl-C in the terminal that ran "cluster up" does not reach it.
    if (new File("/usr/bin/setsid").canExecute()) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(java());
    cmd.addAll(jvmOptions);
    cmd.addAll(ChildJvm.FLINK_JAVA_17_FLAGS);
    cmd.add("-Dlog.file=" + logDir().resolve(name + ".log"));
    cmd.add("-Dlog4j.configurationFile=file:" + confDir().resolve("log4j.properties"));
    cmd.add("-Dlog4j2.configurationFile=file:" + confDir().resolve("log4j.properties"));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    try {
      ProcessBuilder process = new ProcessBuilder(cmd);
      // A job submitted by other means (the Kubernetes operator's way) finds the settings too.
      process.environment().putAll(KafkaSecurity.current().environment());
      return process
          .directory(clusterDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(
              ProcessBuilder.Redirect.appendTo(logDir().resolve(name + ".out").toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Flink " + name, e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
