package io.fleetstream.deploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  final String tenant;
  final long total;

  private BackupArchive(String tenant, long total) {
    this.tenant = tenant;
    this.total = total;
  }

  static BackupArchive check(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    JsonNode[] header = {null};
    JsonNode[] trailer = {null};
    Map<String, Long> counted = new LinkedHashMap<>();
    lines(
        file,
        (n, lineNumber) -> {
          if (header[0] == null) {
            header[0] = n;
            if (!TenantBackup.FORMAT.equals(n.path("format").asText())) {
              throw new IllegalArgumentException(file + " is not a Fleetstream tenant backup");
            }
            if (n.path("version").asInt() != TenantBackup.VERSION) {
              throw new IllegalArgumentException(
                  file
                      + " is a backup of version "
                      + n.path("version")
                      + "; this reads "
                      + TenantBackup.VERSION);
            }
          } else if (trailer[0] != null) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " follows its end");
          } else if (n.path("end").asBoolean()) {
            trailer[0] = n;
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
    long total = counted.values().stream().mapToLong(Long::longValue).sum();
    return new BackupArchive(TenantBackup.checkTenant(header[0].path("tenant").asText()), total);
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

  private static boolean isBase64(JsonNode text) {
    try {
      return text.isTextual() && B64D.decode(text.asText()) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The record lines of a checked file, in order. */
  static void forEachRecord(Path file, java.util.function.Consumer<JsonNode> each)
      throws IOException {
    lines(
        file,
        (n, lineNumber) -> {
          if (lineNumber > 1 && !n.path("end").asBoolean()) {
            each.accept(n);
          }
        });
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
