package io.fleetstream.statefun;

import io.fleetstream.broker.process.ChildJvm;
import io.fleetstream.statefun.internal.RuntimeMain;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The Apache Flink Stateful Functions runtime (StateFun 3.3 on a local Flink 1.16) in a child JVM.
 *
 * <pre>{@code
 * try (FunctionsRuntime runtime =
 *     FunctionsRuntime.builder().dataDir(dir).moduleYaml(yaml).build().start()) {
 *   ... // functions are invoked over HTTP as records arrive on the ingress topics
 * }
 * }</pre>
 */
public final class FunctionsRuntime implements AutoCloseable {

  private static final String CLASSPATH_RESOURCE = "/io/fleetstream/statefun/runtime.classpath";
  private static final String LOG_CONFIG = "classpath:io/fleetstream/statefun/log4j2-runtime.xml";

  private final FunctionsRuntimeConfig config;
  private ChildJvm child;

  private FunctionsRuntime(FunctionsRuntimeConfig config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  public FunctionsRuntimeConfig config() {
    return config;
  }

  /** Writes module.yaml and the Flink configuration, starts the child and waits for its job. */
  public FunctionsRuntime start() {
    if (child != null) {
      throw new IllegalStateException("the functions runtime is already started");
    }
    try {
      Path dir = Files.createDirectories(config.dataDir().toAbsolutePath());
      // StateFun finds its remote module as classpath:module.yaml (no jar of ours has one); the
      // directory ends the path, where it does not keep the JVM from sharing class data.
      Files.writeString(dir.resolve("module.yaml"), config.moduleYaml(), StandardCharsets.UTF_8);
      Path flinkConf = writeFlinkConfiguration(dir);
      List<String> jvm = new ArrayList<>();
      jvm.add("-Xmx" + config.heap());
      jvm.add("-XX:+UseG1GC");
      jvm.add("-Djava.awt.headless=true");
      jvm.add("-Dlog4j2.configurationFile=" + LOG_CONFIG);
      jvm.add("-Dlog4j2.shutdownHookEnabled=false");
      jvm.addAll(ChildJvm.FLINK_JAVA_17_FLAGS);
      Path ready = dir.resolve("runtime.ready");
      child =
          ChildJvm.start(
              "Stateful Functions runtime",
              dir,
              jvm,
              ChildJvm.classpath(RuntimeMain.class, CLASSPATH_RESOURCE) + File.pathSeparator + dir,
              RuntimeMain.class.getName(),
              List.of(
                  flinkConf.toString(),
                  Long.toString(ProcessHandle.current().pid()),
                  ready.toString()),
              dir.resolve("runtime.log"),
              ready,
              config.startTimeout(),
              true);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Stateful Functions runtime", e);
    }
  }

  public long pid() {
    return child().pid();
  }

  public boolean isAlive() {
    return child != null && child.isAlive();
  }

  public Path log() {
    return config.dataDir().toAbsolutePath().resolve("runtime.log");
  }

  /** Stops the child; its retained checkpoints stay for the next start. */
  @Override
  public void close() {
    if (child != null) {
      child.stop(Duration.ofSeconds(15));
      child = null;
    }
  }

  private ChildJvm child() {
    if (child == null) {
      throw new IllegalStateException("the functions runtime is not started");
    }
    return child;
  }

  private Path writeFlinkConfiguration(Path dir) throws IOException {
    Properties p = new Properties();
    p.putAll(flinkConfiguration(dir, config.parallelism(), config.checkpointInterval()));
    Path file = dir.resolve("flink-conf.properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "written by FunctionsRuntime on every start");
    }
    return file;
  }

  /**
   * The runtime's Flink configuration for a data directory {@code dir}: what {@link #start()}
   * writes there, and what a runtime pod on Kubernetes is given (deploy/k8s).
   */
  public static Map<String, String> flinkConfiguration(
      Path dir, int parallelism, Duration checkpointInterval) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("statefun.flink-job-name", "fleetstream-functions");
    p.put("parallelism.default", Integer.toString(parallelism));
    p.put("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
    p.put("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
    p.put("execution.checkpointing.mode", "EXACTLY_ONCE");
    p.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    p.put("state.backend", "hashmap");
    p.put("state.checkpoints.dir", dir.resolve("checkpoints").toUri().toString());
    p.put("state.checkpoints.num-retained", "2");
    // Another local Flink (the dispatch job's) may hold 8081.
    p.put("rest.bind-port", "0");
    p.put("restart-strategy", "fixed-delay");
    p.put("restart-strategy.fixed-delay.attempts", Integer.toString(Integer.MAX_VALUE));
    p.put("restart-strategy.fixed-delay.delay", "2 s");
    p.put(RuntimeMain.RESTORE_FROM, dir.resolve("checkpoints").toString());
    return p;
  }

  /** Builds a runtime; {@link #dataDir} and {@link #moduleYaml} are required. */
  public static final class Builder {
    private Path dataDir;
    private String moduleYaml;
    private int parallelism = 1;
    private Duration checkpointInterval = Duration.ofSeconds(1);
    private String heap = "512m";
    private Duration startTimeout = Duration.ofSeconds(90);

    private Builder() {}

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder moduleYaml(String moduleYaml) {
      this.moduleYaml = moduleYaml;
      return this;
    }

    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    public Builder checkpointInterval(Duration checkpointInterval) {
      this.checkpointInterval = checkpointInterval;
      return this;
    }

    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    public FunctionsRuntime build() {
      return new FunctionsRuntime(
          new FunctionsRuntimeConfig(
              Objects.requireNonNull(dataDir, "dataDir"),
              moduleYaml,
              parallelism,
              checkpointInterval,
              heap,
              startTimeout));
    }
  }
}
