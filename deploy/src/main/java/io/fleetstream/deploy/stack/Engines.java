package io.fleetstream.deploy.stack;

import java.net.URI;
import java.util.List;

/**
 * Kafka and Flink from outside ({@code up --kafka B --flink URL}); null: the stack's own (a broker
 * child JVM, a MiniCluster in this JVM).
 */
record Engines(String kafka, URI flink) {
  static final Engines EMBEDDED = new Engines(null, null);

  List<String> asArgs() {
    return List.of(kafka != null ? kafka : "-", flink != null ? flink.toString() : "-");
  }

  static Engines fromArgs(String kafka, String flink) {
    return new Engines(
        "-".equals(kafka) ? null : kafka, "-".equals(flink) ? null : URI.create(flink));
  }
}
