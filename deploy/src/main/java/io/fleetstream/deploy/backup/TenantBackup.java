package io.fleetstream.deploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetstream.connectors.kafka.TopicAdmin;
import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.json.SchemaLimits;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One tenant's records on every Fleetstream topic — inputs, outputs and dead letters — read into a
 * file, and written back from it.
 *
 * <p>A record is the tenant's when its key starts with {@code <tenant>/}: every event is keyed
 * {@code tenant/partitionkey} (a dead letter too, when the broken record named a readable tenant;
 * one that did not belongs to no tenant and is not taken). Reads are {@code read_committed}, up to
 * the end each partition had when the backup started, so a running stack may be backed up.
 *
 * <p>The file is gzipped JSON lines: a header (format, version, tenant, time), one line per record
 * (topic, partition, offset, timestamp, key, value and headers as base64, byte for byte), and a
 * trailer with the count per topic, so that a cut-off file is refused rather than half restored.
 * Hand-written rather than Kafka's console tools because those neither filter by key prefix nor
 * keep timestamps and headers on the way back.
 */
public final class TenantBackup {

  static final String FORMAT = "fleetstream-tenant-backup";

  /** 2: the bridge's records of the account after the topics' (1: topics only). */
  static final int VERSION = 2;

  /** The event contract's tenant rule: every tenant an event may carry can be backed up. */
  private static final Pattern TENANT = Pattern.compile(SchemaLimits.pattern("tenant"));

  /** Records per restore transaction: a transaction must end within Kafka's timeout. */
  static final int RECORDS_PER_TRANSACTION = 50_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bootstrap;
  private final TenantRecords records;
  private final PrintWriter progress;
  private final BridgeAccounts bridge;
  private final boolean topicsOnly;
  private final EndpointSecrets secrets;

  private TenantBackup(Builder b) {
    this.bootstrap = Objects.requireNonNull(b.bootstrap, "bootstrap");
    this.records = new TenantRecords(bootstrap);
    this.progress = b.progress == null ? new PrintWriter(PrintWriter.nullWriter()) : b.progress;
    this.bridge = b.bridge;
    this.topicsOnly = b.topicsOnly;
    this.secrets = b.secrets;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * How many of the tenant's records each topic gave or took, and how many of the bridge's records
   * of the account were read or written (-1 when the bridge was left out).
   */
  public record Summary(String tenant, Map<String, Long> records, long bridgeRecords) {
    public long total() {
      return records.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** A tenant id as events carry them, or an exception naming the rule. */
  public static String checkTenant(String tenant) {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "--tenant must be a tenant id ("
              + TENANT.pattern()
              + ", as the event contract has it), was "
              + tenant);
    }
    return tenant;
  }

  /** Writes every record of {@code tenant} to {@code file} (replaced only once complete). */
  public Summary backup(String tenant, Path file) throws IOException {
    checkTenant(tenant);
    Map<String, Long> counts = new LinkedHashMap<>();
    Summary summary;
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (BufferedWriter out =
            new BufferedWriter(
                new OutputStreamWriter(
                    new GZIPOutputStream(Files.newOutputStream(partial)), StandardCharsets.UTF_8));
        KafkaConsumer<String, byte[]> consumer = records.consumer()) {
      ObjectNode header = JSON.createObjectNode();
      header.put("format", FORMAT);
      header.put("version", VERSION);
      header.put("tenant", tenant);
      header.put("taken_at", Instant.now().toString());
      header.put("bridge", bridge != null);
      line(out, header);
      for (Topic topic : Topic.values()) {
        long n =
            records.read(
                consumer,
                topic,
                tenant,
                r -> {
                  line(out, TenantRecords.toLine(r));
                  return true;
                });
        counts.put(topic.topicName(), n);
        progress.printf("  %-34s %,d records%n", topic.topicName(), n);
        progress.flush();
      }
      long bridgeRecords = 0;
      if (bridge != null) {
        bridgeRecords = bridge.export(tenant, r -> line(out, r));
        progress.printf(
            "  %-34s %,d records%n", "the bridge's records of " + tenant, bridgeRecords);
        progress.flush();
      }
      ObjectNode trailer = JSON.createObjectNode();
      trailer.put("end", true);
      trailer.set("records", JSON.valueToTree(counts));
      trailer.put("bridge_records", bridgeRecords);
      line(out, trailer);
      summary = new Summary(tenant, counts, bridge == null ? -1 : bridgeRecords);
    } catch (UncheckedIOException e) {
      Files.deleteIfExists(partial);
      throw e.getCause();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    return summary;
  }

  /**
   * Writes the file's records back to their topics, in the file's order (so each key's records stay
   * in order), with their keys, timestamps and headers. Refuses a file that is cut off or not a
   * backup, and a cluster that already holds records of the tenant (a restore twice would double
   * them).
   */
  public Summary restore(Path file) throws IOException {
    BackupArchive archive = BackupArchive.check(file);
    if (bridge == null && archive.bridgeRecords > 0 && !topicsOnly) {
      throw new IllegalArgumentException(
          file
              + " holds "
              + archive.bridgeRecords
              + " of the bridge's records of "
              + archive.tenant
              + " (the account, its keys, …): name the bridge to write them to, or restore the"
              + " topics only");
    }
    // A bare cluster gets the topics as a stack would create them; existing ones stay as they are.
    TopicAdmin.builder().bootstrapServers(bootstrap).build().ensureTopics();
    try (KafkaConsumer<String, byte[]> consumer = records.consumer()) {
      for (Topic topic : Topic.values()) {
        if (records.read(consumer, topic, archive.tenant, r -> false) > 0) {
          throw new IllegalStateException(
              "the cluster already holds records of tenant "
                  + archive.tenant
                  + " (on "
                  + topic.topicName()
                  + "): restore into a cluster without them");
        }
      }
    }
    long bridgeRecords = -1;
    if (!archive.bridgeRead) {
      progress.printf(
          "  the file holds no bridge records (taken with --no-bridge, or before they were"
              + " backed up): the account %s must exist on the target before its clients call it%n",
          archive.tenant);
      progress.flush();
    }
    if (bridge != null) {
      // Before the topics: a bridge that has the account already stops the restore here (409).
      BridgeAccounts.Written w = bridge.write(archive.tenant, BackupArchive.bridgeRecords(file));
      bridgeRecords = w.total();
      progress.printf(
          "  the bridge at %s took %,d records of %s %s%s%n",
          bridge.url(),
          w.total(),
          archive.tenant,
          w.perTable(),
          w.skipped() > 0 ? " (" + w.skipped() + " already there or expired)" : "");
      progress.flush();
    }
    if (secrets != null) {
      // Every secret must open before anything is written: a wrong key stops the restore here.
      BackupArchive.forEachRecord(file, r -> resealed(TenantRecords.fromLine(r)));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    long[] endpoints = {0};
    try (KafkaProducer<String, byte[]> producer = records.producer(archive.tenant)) {
      producer.initTransactions();
      producer.beginTransaction();
      long[] inTransaction = {0};
      long[] written = {0};
      BackupArchive.forEachRecord(
          file,
          r -> {
            ProducerRecord<String, byte[]> record = resealed(TenantRecords.fromLine(r));
            if (record.topic().equals(Topic.WEBHOOK_ENDPOINTS.topicName())) {
              endpoints[0]++;
            }
            producer.send(record);
            counts.merge(record.topic(), 1L, Long::sum);
            written[0]++;
            if (++inTransaction[0] == RECORDS_PER_TRANSACTION) {
              producer.commitTransaction();
              progress.printf("  %,d of %,d records written%n", written[0], archive.total);
              progress.flush();
              producer.beginTransaction();
              inTransaction[0] = 0;
            }
          });
      producer.commitTransaction();
    }
    if (endpoints[0] > 0) {
      progress.printf(
          secrets != null
              ? "  %,d webhook endpoint records: their secrets sealed again with this"
                  + " installation's key%n"
              : "  %,d webhook endpoint records kept their secrets sealed with the source"
                  + " installation's key: deliveries work only where that key is used (see"
                  + " --source-seal-key)%n",
          endpoints[0]);
      progress.flush();
    }
    return new Summary(archive.tenant, counts, bridgeRecords);
  }

  /** A webhook endpoint record with its secrets sealed for the target, when asked; else as is. */
  private ProducerRecord<String, byte[]> resealed(ProducerRecord<String, byte[]> r) {
    if (secrets == null
        || r.value() == null
        || !r.topic().equals(Topic.WEBHOOK_ENDPOINTS.topicName())) {
      return r;
    }
    return new ProducerRecord<>(
        r.topic(), null, r.timestamp(), r.key(), secrets.reseal(r.value()), r.headers());
  }

  private static void line(BufferedWriter out, JsonNode node) {
    try {
      out.write(JSON.writeValueAsString(node));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static final class Builder {
    private String bootstrap;
    private PrintWriter progress;
    private BridgeAccounts bridge;
    private boolean topicsOnly;
    private EndpointSecrets secrets;

    private Builder() {}

    /** The Kafka cluster (its client security settings come from {@code --kafka-config}). */
    public Builder bootstrapServers(String bootstrap) {
      this.bootstrap = bootstrap;
      return this;
    }

    /** Where to print progress (per topic on backup, per transaction on restore). */
    public Builder progress(PrintWriter progress) {
      this.progress = progress;
      return this;
    }

    /** The bridge whose records of the account are backed up or restored with the topics. */
    public Builder bridge(String url, String operatorKey) {
      this.bridge = new BridgeAccounts(url, operatorKey);
      return this;
    }

    /** Restores a file's topic records without its bridge records (no bridge named). */
    public Builder topicsOnly(boolean topicsOnly) {
      this.topicsOnly = topicsOnly;
      return this;
    }

    /**
     * On restore, seal webhook endpoints' secrets again: opened with {@code source}, the key of the
     * installation the backup came from, sealed with {@code target}, this installation's.
     */
    public Builder resealSecrets(SecretSeal source, SecretSeal target) {
      this.secrets = new EndpointSecrets(source, target);
      return this;
    }

    public TenantBackup build() {
      return new TenantBackup(this);
    }
  }
}
