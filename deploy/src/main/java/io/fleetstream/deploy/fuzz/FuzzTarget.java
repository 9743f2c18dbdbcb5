package io.fleetstream.deploy.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One Jazzer fuzz test ({@code @FuzzTest} method) of the source tree, by the short name {@code
 * bin/fleetstream fuzz --target} takes, with the time one input may take before libFuzzer calls it
 * a hang. Adding a fuzz test means adding a line here; a test ({@code FuzzTargetsTest}) checks that
 * every {@code @FuzzTest} in the tree is listed.
 */
public record FuzzTarget(
    String name,
    String module,
    String testClass,
    String method,
    int inputTimeoutSeconds,
    String what) {

  /** Every fuzz test of the tree, in the order {@code fuzz} runs them. */
  public static final List<FuzzTarget> ALL =
      List.of(
          new FuzzTarget(
              "events",
              "state-schemas",
              "io.fleetstream.schemas.json.EventValidatorFuzzTest",
              "anyRecordOnAnyTopic",
              30,
              "any bytes on any topic through EventValidator"),
          new FuzzTarget(
              "telemetry-fast-path",
              "state-schemas",
              "io.fleetstream.schemas.json.EventValidatorFuzzTest",
              "telemetryFastPathNeverAcceptsWhatTheSchemaRejects",
              30,
              "telemetry fast path vs the JSON Schema"),
          new FuzzTarget(
              "job-fast-path",
              "api-bridge",
              "io.fleetstream.bridge.internal.kafka.JobEventFastPathFuzzTest",
              "fastPathNeverAcceptsWhatTheValidatorRejects",
              30,
              "the bridge's job fast path vs the validator"),
          new FuzzTarget(
              "request-bodies",
              "api-bridge",
              "io.fleetstream.bridge.internal.resources.RequestBodyFuzzTest",
              "anyBodyOnAnyWriteRoute",
              30,
              "every write route's JSON body"),
          new FuzzTarget(
              "solomon-reader",
              "routing",
              "io.fleetstream.routing.solomon.SolomonReaderFuzzTest",
              "anyTextIsAnInstanceOrAFormatError",
              30,
              "Solomon / Gehring-Homberger / Li & Lim files"),
          new FuzzTarget(
              "osm-import",
              "routing",
              "io.fleetstream.routing.road.OsmImportFuzzTest",
              "aCorruptedMapImportsOrFailsCleanly",
              300,
              "GraphHopper import of corrupted .osm.pbf files"));

  public static Optional<FuzzTarget> named(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(t -> t.name().equals(wanted)).findFirst();
  }

  /** The surefire filter that selects just this fuzz test. */
  public String testFilter() {
    return testClass + "#" + method;
  }
}
