package io.fleetstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.broker.KafkaBroker;
import io.fleetstream.deploy.local.StateWorkDir;
import io.fleetstream.jobs.DispatchJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal runs the real job graph on a Flink MiniCluster: with no broker anywhere it must
 * produce outputs (so the job's code ran), report progress, and leave no state behind; with a real
 * broker its Kafka clients exchange records through a scratch topic that is deleted afterwards.
 */
class RehearsalITCase {

  @TempDir Path dataDir;

  @Test
  void theJobRunsOnSyntheticInputAndLeavesNothingBehind() throws Exception {
    DispatchJobConfig config =
        DispatchJobConfig.defaults()
            .withCheckpointDir(dataDir.resolve("checkpoints"))
            .withRoadDataDir(dataDir.resolve("graph"));
    List<String> progress = new ArrayList<>();
    Set<Path> before = workingDirs();

    Rehearsal.Result result = new Rehearsal(config, 2).run(Duration.ofSeconds(12), progress::add);

    // Outputs are driver states and ETAs for its pings plus decisions for its jobs: thousands.
    assertThat(result.outputs()).isGreaterThan(1_000);
    assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
    assertThat(result.warm()).as("shorter than the least a rehearsal runs: all of it").isFalse();
    assertThat(progress).isNotEmpty().allMatch(line -> line.startsWith("rehearsal: "));
    // Its checkpoints were in memory and its RocksDB files in a temporary directory, now deleted:
    // the live job's checkpoint directory was never written.
    assertThat(dataDir.resolve("checkpoints")).doesNotExist();
    assertThat(workingDirs()).isSubsetOf(before);
  }

  @Test
  void withKafkaItsClientsGoThroughAScratchTopicThatIsGoneAfterwards() throws Exception {
    DispatchJobConfig config =
        DispatchJobConfig.defaults().withRoadDataDir(dataDir.resolve("graph"));
    try (KafkaBroker broker =
        KafkaBroker.builder().dataDir(dataDir.resolve("kafka")).heap("512m").build().start()) {
      Rehearsal.Result result =
          new Rehearsal(config, 1)
              .withKafka(broker.bootstrapServers())
              .run(Duration.ofSeconds(8), line -> {});

      assertThat(result.outputs()).isPositive();
      assertThat(result.kafkaRecords()).isPositive();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        // no scratch topic left, and no live topic was ever created
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).isEmpty();
      }
    }
  }

  /** Temporary and RocksDB working directories a rehearsal could leave. */
  private static Set<Path> workingDirs() throws Exception {
    Set<Path> dirs = new HashSet<>();
    for (Path root :
        List.of(StateWorkDir.SHARED_MEMORY, Path.of(System.getProperty("java.io.tmpdir")))) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> list = Files.list(root)) {
          list.filter(
                  p ->
                      p.getFileName().toString().startsWith("fleetstream-rehearsal")
                          || p.getFileName().toString().startsWith("fleetstream-state-"))
              .forEach(dirs::add);
        }
      }
    }
    return dirs;
  }
}
