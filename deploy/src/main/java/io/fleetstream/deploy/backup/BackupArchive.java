package io.fleetstream.deploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.AccountRecords;
import io.fleetstream.schemas.Topic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** A backup file checked whole (header, records, a trailer whose counts match) before use. */
final class BackupArchive {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** Tables of the bridge's own records a backup may hold (the bridge's export order). */
  private static final java.util.Set<String> BRIDGE_TABLES =
      java.util.Set.copyOf(AccountRecords.TABLES);

  final String tenant;
  final long total;

  /** Whether the backup read the bridge (version 1 files never did). */
  final boolean bridgeRead;

  final long bridgeRecords;

  private BackupArchive(String tenant, long total, boolean bridgeRead, long bridgeRecords) {
    this.tenant = tenant;
    this.total = total;
    this.bridgeRead = bridgeRead;
    this.bridgeRecords = bridgeRecords;
  }

  static BackupArchive check(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    JsonNode[] header = {null};
    JsonNode[] trailer = {null};
    long[] bridgeCounted = {0};
    Map<String, Long> counted = new LinkedHashMap<>();
    lines(
        file,
        (n, lineNumber) -> {
          if (header[0] == null) {
            header[0] = n;
            if (!TenantBackup.FORMAT.equals(n.path("format").asText())) {
              throw new IllegalArgumentException(file + " is not a Fleetstream tenant backup");
            }
            if (n.path("version").asInt() < 1 || n.path("version").asInt() > TenantBackup.VERSION) {
              throw new IllegalArgumentException(
                  file
                      + " is a backup of version "
                      + n.path("version")
                      + "; this reads 1 to "
                      + TenantBackup.VERSION);
            }
          } else if (trailer[0] != null) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " follows its end");
          } else if (n.path("end").asBoolean()) {
            trailer[0] = n;
          } else if (n.has("table")) {
            checkBridgeRecord(file, lineNumber, n, header[0].path("tenant").asText());
            bridgeCounted[0]++;
          } else {
            checkRecord(file, lineNumber, n, header[0].path("tenant").asText());
            counted.merge(n.path("topic").asText(), 1L, Long::sum);
          }
        });
    if (header[0] == null || trailer[0] == null) {
      throw new IllegalArgumentException(file + " is cut off: not a complete backup");
    }
    Map<String, Long> promised = new LinkedHashMap<>();
    trailer[0]
        .path("records")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asLong() > 0) {
                promised.put(e.getKey(), e.getValue().asLong());
              }
            });
    if (!promised.equals(counted)) {
      throw new IllegalArgumentException(
          file + " should hold " + promised + " records and holds " + counted);
    }
    if (trailer[0].path("bridge_records").asLong() != bridgeCounted[0]) {
      throw new IllegalArgumentException(
          file
              + " should hold "
              + trailer[0].path("bridge_records").asLong()
              + " records of the bridge and holds "
              + bridgeCounted[0]);
    }
    long total = counted.values().stream().mapToLong(Long::longValue).sum();
    return new BackupArchive(
        TenantBackup.checkTenant(header[0].path("tenant").asText()),
        total,
        header[0].path("bridge").asBoolean(),
        bridgeCounted[0]);
  }

  /** A record line as {@code backup} writes it, of the file's tenant, or the reason it is not. */
  private static void checkRecord(Path file, int lineNumber, JsonNode n, String tenant) {
    String problem = null;
    if (Topic.byName(n.path("topic").asText()).isEmpty()) {
      problem = "topic is not a Fleetstream topic";
    } else if (!n.path("key").isTextual() || !n.path("key").asText().startsWith(tenant + "/")) {
      problem = "key is not one of tenant " + tenant;
    } else if (!n.path("timestamp").canConvertToLong()) {
      problem = "timestamp is not a number";
    } else if (!(n.path("value").isNull() || isBase64(n.path("value")))) {
      problem = "value is not base64";
    } else {
      for (JsonNode h : n.path("headers")) {
        if (!h.path(0).isTextual() || !(h.path(1).isNull() || isBase64(h.path(1)))) {
          problem = "headers are not [name, base64] pairs";
        }
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(file + " line " + lineNumber + ": " + problem);
    }
  }

  /** A record of the bridge's own store as {@code backup} writes it, or the reason it is not. */
  private static void checkBridgeRecord(Path file, int lineNumber, JsonNode n, String tenant) {
    String table = n.path("table").asText();
    String key = n.path("key").asText();
    String problem = null;
    if (!BRIDGE_TABLES.contains(table)) {
      problem = "table is not one of the bridge's records of an account";
    } else if (!(key.equals(tenant) || key.startsWith(tenant + "/"))) {
      problem = "key is not one of tenant " + tenant;
    } else if (!n.path("value").isObject()) {
      problem = "value is not an object";
    }
    if (problem != null) {
      throw new IllegalArgumentException(file + " line " + lineNumber + ": " + problem);
    }
  }

  private static boolean isBase64(JsonNode text) {
    try {
      return text.isTextual() && B64D.decode(text.asText()) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The Kafka record lines of a checked file, in order. */
  static void forEachRecord(Path file, java.util.function.Consumer<JsonNode> each)
      throws IOException {
    lines(
        file,
        (n, lineNumber) -> {
          if (lineNumber > 1 && n.has("topic")) {
            each.accept(n);
          }
        });
  }

  /** The bridge's records in a checked file, in order. */
  static java.util.List<JsonNode> bridgeRecords(Path file) throws IOException {
    java.util.List<JsonNode> records = new java.util.ArrayList<>();
    lines(
        file,
        (n, lineNumber) -> {
          if (lineNumber > 1 && n.has("table")) {
            records.add(n);
          }
        });
    return records;
  }

  private interface Line {
    void accept(JsonNode node, int lineNumber);
  }

  private static void lines(Path file, Line each) throws IOException {
    int lineNumber = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              file + " line " + lineNumber + " is not JSON: not a complete backup", e);
        }
        each.accept(n, lineNumber);
      }
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      throw new IllegalArgumentException(
          file + " is cut off or not gzip: not a complete backup", e);
    }
  }
}
