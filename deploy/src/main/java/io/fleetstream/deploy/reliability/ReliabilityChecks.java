package io.fleetstream.deploy.reliability;

import io.fleetstream.deploy.reliability.ReliabilityReport.Check;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The tests behind {@code verify-reliability}, and the one Maven run that executes them. */
public final class ReliabilityChecks {

  private ReliabilityChecks() {}

  /** Every check, in the order of the table. */
  public static final List<Check> ALL =
      List.of(
          new Check(
              "crash",
              "deploy",
              "io.fleetstream.deploy.CrashRecoveryITCase",
              "kill -9 of supervisor, broker, bridge mid-stream; snapshots deleted",
              "events",
              true),
          new Check(
              "isolation",
              "api-bridge",
              "io.fleetstream.bridge.TenantIsolationITCase",
              "API: every id route × 2 tenants",
              "probes",
              true),
          new Check(
              "isolation",
              "jobs",
              "io.fleetstream.jobs.TenantIsolationITCase",
              "stream: 2 tenants with identical ids",
              "records",
              true),
          new Check(
              "abuse",
              "api-bridge",
              "io.fleetstream.bridge.BusinessFlowsITCase",
              "business flows: signup credit, self-raised limits, one bucket per account, key cap, credits on spend",
              "cases",
              false),
          new Check(
              "abuse",
              "api-bridge",
              "io.fleetstream.bridge.EarlyRefusalsITCase",
              "401/403/413/415/429 reach a client that writes 2 or 20 MiB first",
              "cases",
              false),
          new Check(
              "abuse",
              "api-bridge",
              "io.fleetstream.bridge.KafkaOutageITCase",
              "Kafka down: 503 with Retry-After, nothing accepted is lost",
              "cases",
              false),
          new Check(
              "abuse",
              "api-bridge",
              "io.fleetstream.bridge.FairnessITCase",
              "one tenant floods sync optimizes / webhook test sends; another's reads stay fast",
              "floods",
              false),
          new Check(
              "fuzz",
              "state-schemas",
              "io.fleetstream.schemas.json.EventValidatorFuzzTest",
              "events on every topic, envelope and telemetry fast path (committed corpus)",
              "inputs",
              false),
          new Check(
              "fuzz",
              "api-bridge",
              "io.fleetstream.bridge.internal.kafka.JobEventFastPathFuzzTest",
              "the bridge's job fast path against the validator (committed corpus)",
              "inputs",
              false),
          new Check(
              "fuzz",
              "api-bridge",
              "io.fleetstream.bridge.internal.resources.RequestBodyFuzzTest",
              "every REST write body: a request or a 4xx, nothing else (committed corpus)",
              "inputs",
              false),
          new Check(
              "fuzz",
              "routing",
              "io.fleetstream.routing.solomon.SolomonReaderFuzzTest",
              "Solomon / Gehring–Homberger / Li & Lim files (committed corpus)",
              "inputs",
              false),
          new Check(
              "fuzz",
              "routing",
              "io.fleetstream.routing.road.OsmImportFuzzTest",
              "corrupted .osm.pbf maps (committed corpus)",
              "inputs",
              false));

  /**
   * {@code ./mvnw verify} on the modules of {@code checks} (and what they need), running only their
   * test classes; test failures do not stop the run, so every check gets its row.
   */
  public static List<String> mavenCommand(Path root, List<Check> checks, boolean offline) {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("mvnw").toString());
    command.add("-B");
    if (offline) {
      command.add("-o");
    }
    command.add("verify");
    command.add("-pl");
    command.add(checks.stream().map(Check::module).distinct().collect(Collectors.joining(",")));
    command.add("-am");
    command.add("-Dtest=" + classes(checks, false));
    command.add("-Dit.test=" + classes(checks, true));
    command.add("-Dsurefire.failIfNoSpecifiedTests=false");
    command.add("-Dfailsafe.failIfNoSpecifiedTests=false");
    command.add("-Dmaven.test.failure.ignore=true");
    return command;
  }

  private static String classes(List<Check> checks, boolean integration) {
    String names =
        checks.stream()
            .map(Check::testClass)
            .filter(c -> c.endsWith("ITCase") == integration)
            .map(c -> c.substring(c.lastIndexOf('.') + 1))
            .collect(Collectors.joining(","));
    return names.isEmpty() ? "NONE" : names;
  }
}
