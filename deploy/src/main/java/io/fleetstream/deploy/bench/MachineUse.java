package io.fleetstream.deploy.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a benchmark phase cost the machine: the cores this JVM (job, load generator and output
 * reader together) and the broker process used, the heap in use and the checkpoints on disk. A
 * figure without the machine's load beside it cannot be compared with another.
 *
 * @param cores the machine's processors
 * @param loadBefore the one-minute load average before the benchmark started anything
 * @param jvmCores this JVM's CPU time over the phase, in cores
 * @param brokerCores the broker process's CPU time over the phase, in cores (-1 when unknown)
 * @param flinkCores the Flink cluster's processes' CPU time over the phase, in cores, when the job
 *     runs on a cluster ({@code bench stream --cluster-data-dir}); -1 when it runs in this JVM
 * @param heapUsedMb heap in use at the end of the phase
 * @param checkpointsMb the checkpoint directory's size at the end of the phase (the retained
 *     checkpoints: the job's state as written, shared files counted once)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MachineUse(
    int cores,
    double loadBefore,
    double jvmCores,
    double brokerCores,
    double flinkCores,
    long heapUsedMb,
    double checkpointsMb) {

  /** CPU clocks at the start of a phase. */
  public record Start(long wallNanos, long jvmCpuNanos, long brokerCpuNanos, long flinkCpuNanos) {}

  /** The one-minute load average now (-1 where the platform has none). */
  public static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  public static Start start(long brokerPid, List<Long> flinkPids) {
    return new Start(
        System.nanoTime(), jvmCpuNanos(), processCpuNanos(brokerPid), cpuNanos(flinkPids));
  }

  /** The use since {@code start}. */
  public static MachineUse since(
      Start start, long brokerPid, List<Long> flinkPids, double loadBefore, Path checkpoints) {
    double wall = Math.max(1, System.nanoTime() - start.wallNanos());
    long brokerNow = processCpuNanos(brokerPid);
    long flinkNow = cpuNanos(flinkPids);
    Runtime runtime = Runtime.getRuntime();
    return new MachineUse(
        runtime.availableProcessors(),
        loadBefore,
        (jvmCpuNanos() - start.jvmCpuNanos()) / wall,
        brokerNow < 0 || start.brokerCpuNanos() < 0
            ? -1
            : (brokerNow - start.brokerCpuNanos()) / wall,
        flinkPids.isEmpty() || flinkNow < 0 || start.flinkCpuNanos() < 0
            ? -1
            : (flinkNow - start.flinkCpuNanos()) / wall,
        (runtime.totalMemory() - runtime.freeMemory()) >> 20,
        directoryBytes(checkpoints) / 1_048_576.0);
  }

  private static long jvmCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }

  private static long cpuNanos(List<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      long n = processCpuNanos(pid);
      if (n < 0) {
        return -1;
      }
      sum += n;
    }
    return sum;
  }

  private static long processCpuNanos(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(-1L);
  }

  private static long directoryBytes(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return 0;
    }
    // Flink discards old checkpoint directories while we walk (every 250 ms): a walk that meets a
    // vanished directory is counted again, not reported as an empty directory.
    for (int attempt = 0; attempt < 20; attempt++) {
      try (Stream<Path> files = Files.walk(dir)) {
        return files
            .filter(Files::isRegularFile)
            .mapToLong(
                f -> {
                  try {
                    return Files.size(f);
                  } catch (IOException vanished) {
                    return 0; // a checkpoint file discarded while we count
                  }
                })
            .sum();
      } catch (IOException | UncheckedIOException e) {
        // a directory vanished under the walk: count again
      }
    }
    return 0;
  }
}
