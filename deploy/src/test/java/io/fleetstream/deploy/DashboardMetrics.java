package io.fleetstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a Grafana dashboard's queries use, and whether scrapes expose them: a dashboard
 * panel over a metric nobody exports shows "no data" forever, and nothing else would say so.
 */
final class DashboardMetrics {

  /** The dashboard shipped in {@code deploy/grafana/}. */
  static final Path DASHBOARD = Path.of("grafana", "fleetstream.json");

  private static final Pattern NAME =
      Pattern.compile("\\b((?:fleetstream|flink|jvm|process|system)_[a-zA-Z0-9_]+)");

  private DashboardMetrics() {}

  /** Every metric name in the dashboard's queries, panels in rows included. */
  static Set<String> referenced(Path dashboard) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(dashboard));
    Set<String> names = new TreeSet<>();
    for (JsonNode expr : root.findValues("expr")) {
      Matcher m = NAME.matcher(expr.asText());
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The sample names in Prometheus text expositions. */
  static Set<String> exposed(String... scrapes) {
    Set<String> names = new TreeSet<>();
    for (String scrape : scrapes) {
      for (String line : scrape.split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int end = line.length();
        for (char c : new char[] {'{', ' '}) {
          int at = line.indexOf(c);
          if (at > 0) {
            end = Math.min(end, at);
          }
        }
        names.add(line.substring(0, end));
      }
    }
    return names;
  }

  /** What the dashboard uses that no scrape exposes. */
  static Set<String> missing(Path dashboard, String... scrapes) throws IOException {
    Set<String> missing = new TreeSet<>(referenced(dashboard));
    missing.removeAll(exposed(scrapes));
    return missing;
  }
}
