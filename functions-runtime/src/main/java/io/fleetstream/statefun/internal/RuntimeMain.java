package io.fleetstream.statefun.internal;

import io.fleetstream.broker.process.ParentWatchdog;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.statefun.flink.core.StatefulFunctionsConfig;
import org.apache.flink.statefun.flink.core.StatefulFunctionsConfigValidator;
import org.apache.flink.statefun.flink.core.StatefulFunctionsJob;
import org.apache.flink.statefun.flink.core.StatefulFunctionsUniverse;
import org.apache.flink.statefun.flink.core.StatefulFunctionsUniverseProvider;
import org.apache.flink.statefun.flink.core.spi.Modules;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Main class of the Stateful Functions runtime child JVM: runs the StateFun job on a local Flink,
 * resuming from the latest retained checkpoint, reports through a file once the job runs, and exits
 * when its parent dies. Runs only in the child.
 */
public final class RuntimeMain {

  /** Flink configuration key naming the checkpoint directory to resume from, if it holds one. */
  public static final String RESTORE_FROM = "fleetstream.restore-from-latest-in";

  private RuntimeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: RuntimeMain <flink-conf.properties> <parent-pid> <ready-file>");
      System.exit(2);
    }
    long parentPid = Long.parseLong(args[1]);
    Path readyFile = Path.of(args[2]);
    ParentWatchdog.watch(
        parentPid,
        () ->
            System.out.println(
                "parent process " + parentPid + " is gone; stopping the functions runtime"));

    Configuration conf = Configuration.fromMap(load(Path.of(args[0])));
    latestCheckpoint(Path.of(conf.getString(RESTORE_FROM, "")))
        .ifPresent(
            checkpoint -> {
              System.out.println("resuming from " + checkpoint);
              conf.setString("execution.savepoint.path", checkpoint.toUri().toString());
            });
    // What StateFun's own Harness sets before it runs a job locally.
    conf.set(
        CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
        StatefulFunctionsConfigValidator.PARENT_FIRST_CLASSLOADER_PATTERNS);
    conf.set(ExecutionCheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, 1);

    int parallelism = conf.getInteger("parallelism.default", 1);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    env.configure(conf, Thread.currentThread().getContextClassLoader());
    env.registerJobListener(new ReadyWhenRunning(readyFile));
    StatefulFunctionsConfig statefun = StatefulFunctionsConfig.fromFlinkConfiguration(conf);
    statefun.setProvider(new ClassPathModules());
    StatefulFunctionsJob.main(env, statefun);
  }

  /**
   * The modules on the classpath (module.yaml among them), as StateFun's own job main loads them;
   * its provider for that is package-private.
   */
  static final class ClassPathModules implements StatefulFunctionsUniverseProvider {
    private static final long serialVersionUID = 1L;

    @Override
    public StatefulFunctionsUniverse get(ClassLoader classLoader, StatefulFunctionsConfig config) {
      return Modules.loadFromClassPath(config).createStatefulFunctionsUniverse();
    }
  }

  private static Map<String, String> load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<String, String> map = new HashMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return map;
  }

  /**
   * The newest complete checkpoint ({@code chk-N} with its {@code _metadata}) under {@code dir}.
   */
  static Optional<Path> latestCheckpoint(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(dir, 3)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .max(
              Comparator.comparingLong(
                  (Path p) -> {
                    try {
                      return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
                    } catch (IOException e) {
                      return Long.MIN_VALUE;
                    }
                  }));
    }
  }

  /** Writes the ready file once the submitted job reports RUNNING. */
  private static final class ReadyWhenRunning implements JobListener {
    private final Path readyFile;

    ReadyWhenRunning(Path readyFile) {
      this.readyFile = readyFile;
    }

    @Override
    public void onJobSubmitted(JobClient client, Throwable failure) {
      if (client == null) {
        return;
      }
      Thread watcher =
          new Thread(
              () -> {
                try {
                  while (client.getJobStatus().get() != JobStatus.RUNNING) {
                    Thread.sleep(100);
                  }
                  Files.writeString(readyFile, client.getJobID().toString());
                  System.out.println("functions runtime job " + client.getJobID() + " is running");
                } catch (Exception e) {
                  System.out.println("could not follow the functions runtime job: " + e);
                }
              },
              "fleetstream-functions-readiness");
      watcher.setDaemon(true);
      watcher.start();
    }

    @Override
    public void onJobExecuted(JobExecutionResult result, Throwable failure) {
      // the JVM ends with the job
    }
  }
}
