package io.fleetstream.bridge;

import io.fleetstream.connectors.outbound.OutboundPolicy;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything the bridge can be told, loaded once: defaults &lt; properties file &lt; environment
 * ({@code FLEETSTREAM_BRIDGE_KAFKA_BOOTSTRAP} for {@code kafka.bootstrap}) &lt; command-line flags
 * ({@code --kafka.bootstrap=…}).
 *
 * @param port 0 picks a free port
 * @param publicUrl how clients reach the bridge; status URLs are built from it (default {@code
 *     http://host:port})
 * @param syncOptimizeMaxJobs optimize runs with more jobs always answer 202
 * @param syncOptimizeTimeout how long a synchronous optimize waits for its plan before answering
 *     202
 * @param syncOptimizeMaxConcurrent synchronous optimizes (and books) one account may have waiting
 *     at once; past it 429
 * @param optimizePriceUsd charged per accepted optimize run (sandbox accounts are never charged)
 * @param writePriceUsd charged per accepted write
 * @param defaultLimits limits of a new account
 * @param maxLimits the most an account may set for itself with {@code PATCH /account}
 * @param topUpUrl where a client tops up; {@code {account}} is replaced by the account id
 * @param webhookTargets which addresses webhook URLs may point at: public ones, plus {@code
 *     webhooks.allowed_networks} (CIDR blocks, comma-separated), or all of them with {@code
 *     webhooks.allow_private_targets} (a single-machine stack, tests)
 * @param kafkaTimeout how long a write waits for Kafka before answering 503
 * @param accounts what a new account gets and how far an account may go on its own
 * @param events limits of the live event stream ({@code GET /api/v1/events})
 * @param geocoding where addresses without coordinates are looked up ({@code geocoding.osm_file})
 */
public record BridgeConfig(
    String host,
    int port,
    String publicUrl,
    String kafkaBootstrap,
    Path dataDir,
    long maxBodyBytes,
    int syncOptimizeMaxJobs,
    Duration syncOptimizeTimeout,
    int syncOptimizeMaxConcurrent,
    BigDecimal optimizePriceUsd,
    BigDecimal writePriceUsd,
    BigDecimal maxPrepayUsd,
    Limits defaultLimits,
    Limits maxLimits,
    Duration idempotencyTtl,
    String topUpUrl,
    String docsUrl,
    OutboundPolicy webhookTargets,
    Duration kafkaTimeout,
    long parentPid,
    AccountRules accounts,
    EventStreams events,
    Geocoding geocoding) {

  /** Request limits of an account. */
  public record Limits(int rpm, int burst, int maxJobsPerOptimize) {}

  /**
   * Abuse-relevant account rules.
   *
   * @param trialUsd the balance a new live account starts with (sandbox accounts are never charged)
   * @param maxKeysPerAccount keys an account may hold at once (revoked ones do not count)
   * @param ownPerUsd credits minted into {@code balance_own} per dollar spent from {@code
   *     balance_usd}
   * @param maxCreditUsd the largest single top-up through the operator's path
   */
  public record AccountRules(
      BigDecimal trialUsd, int maxKeysPerAccount, BigDecimal ownPerUsd, BigDecimal maxCreditUsd) {}

  /**
   * The live event stream's limits.
   *
   * @param maxPerAccount streams one account may hold open at once; past it 429
   * @param maxTotal streams the bridge serves at once; past it 503
   * @param buffer events queued for one client; a client further behind is dropped (its stream
   *     ends, and it resumes from the log with {@code Last-Event-ID}) so it cannot slow the others
   * @param heartbeat a comment line after this long without an event, so proxies keep the stream
   */
  public record EventStreams(int maxPerAccount, int maxTotal, int buffer, Duration heartbeat) {}

  /**
   * Where addresses sent without coordinates are looked up.
   *
   * @param enabled false: an address needs latitude and longitude ({@code geocoding.osm_file=off})
   * @param osmFile the {@code .osm.pbf} whose addresses and streets are read; null: the embedded
   *     Monaco extract, the stack's default map
   */
  public record Geocoding(boolean enabled, Path osmFile) {

    public static final Geocoding OFF = new Geocoding(false, null);

    /** {@code ""}: the embedded map; {@code off}: no geocoding; else the map file's path. */
    static Geocoding of(String setting) {
      if (setting.isEmpty()) {
        return new Geocoding(true, null);
      }
      return "off".equalsIgnoreCase(setting)
          ? OFF
          : new Geocoding(true, Path.of(setting).toAbsolutePath());
    }
  }

  public BridgeConfig {
    Objects.requireNonNull(kafkaBootstrap, "kafka.bootstrap is required");
    Objects.requireNonNull(dataDir, "data.dir is required");
  }

  private static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("host", "127.0.0.1");
    d.put("port", "0");
    d.put("public.url", "");
    d.put("kafka.bootstrap", "");
    d.put("data.dir", "");
    d.put("body.max_bytes", "1048576");
    d.put("optimize.sync_max_jobs", "200");
    d.put("optimize.sync_timeout", "25s");
    d.put("optimize.sync_max_concurrent", "8");
    d.put("price.optimize_usd", "0.001");
    d.put("price.write_usd", "0.0001");
    d.put("signup.max_prepay_usd", "10000");
    d.put("limits.rpm", "60");
    d.put("limits.burst", "240");
    d.put("limits.max_jobs_per_optimize", "1000");
    d.put("limits.max_rpm", "600000");
    d.put("limits.max_burst", "100000");
    d.put("limits.max_max_jobs_per_optimize", "10000");
    d.put("idempotency.ttl", "24h");
    d.put("top_up_url", "https://fleetstream.io/billing/top-up?acct={account}");
    d.put("docs.url", "https://fleetstream.io/docs/api");
    d.put("webhooks.allow_private_targets", "false");
    d.put("webhooks.allowed_networks", "");
    d.put("kafka.timeout", "10s");
    d.put("parent.pid", "0");
    d.put("signup.trial_usd", "0");
    d.put("keys.max_per_account", "10");
    d.put("credits.own_per_usd", "0.05");
    d.put("admin.max_credit_usd", "100000");
    d.put("events.max_streams_per_account", "20");
    d.put("events.max_streams", "2000");
    d.put("events.buffer", "1000");
    d.put("events.heartbeat", "15s");
    d.put("geocoding.osm_file", "");
    return d;
  }

  /** A configuration with defaults for everything but Kafka and the data directory. */
  public static BridgeConfig of(String kafkaBootstrap, Path dataDir) {
    return load(
        null, Map.of(), Map.of("kafka.bootstrap", kafkaBootstrap, "data.dir", dataDir.toString()));
  }

  /**
   * Loads the layers in order; {@code file} may be null. Unknown keys are an error, so a typo in a
   * flag cannot silently leave a default in place.
   */
  public static BridgeConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    if (file != null) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      p.stringPropertyNames().forEach(k -> put(values, k, p.getProperty(k), file.toString()));
    }
    for (String key : DEFAULTS.keySet()) {
      String envName = "FLEETSTREAM_BRIDGE_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
      if (env.containsKey(envName)) {
        values.put(key, env.get(envName));
      }
    }
    flags.forEach((k, v) -> put(values, k, v, "flags"));
    return fromMap(values);
  }

  private static void put(Map<String, String> values, String key, String value, String origin) {
    if (!DEFAULTS.containsKey(key)) {
      throw new IllegalArgumentException(
          "unknown setting '" + key + "' in " + origin + "; known: " + DEFAULTS.keySet());
    }
    values.put(key, value.trim());
  }

  private static BridgeConfig fromMap(Map<String, String> v) {
    String host = v.get("host");
    int port = Integer.parseInt(v.get("port"));
    String bootstrap = v.get("kafka.bootstrap");
    if (bootstrap.isEmpty()) {
      throw new IllegalArgumentException("kafka.bootstrap is required");
    }
    if (v.get("data.dir").isEmpty()) {
      throw new IllegalArgumentException("data.dir is required");
    }
    return new BridgeConfig(
        host,
        port,
        v.get("public.url").isEmpty() ? null : v.get("public.url"),
        bootstrap,
        Path.of(v.get("data.dir")).toAbsolutePath(),
        Long.parseLong(v.get("body.max_bytes")),
        Integer.parseInt(v.get("optimize.sync_max_jobs")),
        duration(v.get("optimize.sync_timeout")),
        Integer.parseInt(v.get("optimize.sync_max_concurrent")),
        new BigDecimal(v.get("price.optimize_usd")),
        new BigDecimal(v.get("price.write_usd")),
        new BigDecimal(v.get("signup.max_prepay_usd")),
        new Limits(
            Integer.parseInt(v.get("limits.rpm")),
            Integer.parseInt(v.get("limits.burst")),
            Integer.parseInt(v.get("limits.max_jobs_per_optimize"))),
        new Limits(
            Integer.parseInt(v.get("limits.max_rpm")),
            Integer.parseInt(v.get("limits.max_burst")),
            Integer.parseInt(v.get("limits.max_max_jobs_per_optimize"))),
        duration(v.get("idempotency.ttl")),
        v.get("top_up_url"),
        v.get("docs.url"),
        new OutboundPolicy(
            Boolean.parseBoolean(v.get("webhooks.allow_private_targets")),
            java.util.Arrays.stream(v.get("webhooks.allowed_networks").split(","))
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .toList()),
        duration(v.get("kafka.timeout")),
        Long.parseLong(v.get("parent.pid")),
        new AccountRules(
            new BigDecimal(v.get("signup.trial_usd")),
            Integer.parseInt(v.get("keys.max_per_account")),
            new BigDecimal(v.get("credits.own_per_usd")),
            new BigDecimal(v.get("admin.max_credit_usd"))),
        new EventStreams(
            Integer.parseInt(v.get("events.max_streams_per_account")),
            Integer.parseInt(v.get("events.max_streams")),
            Integer.parseInt(v.get("events.buffer")),
            duration(v.get("events.heartbeat"))),
        Geocoding.of(v.get("geocoding.osm_file")));
  }

  /** {@code 250ms}, {@code 25s}, {@code 10m}, {@code 24h} or ISO-8601 ({@code PT25S}). */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }

  public BridgeConfig withPort(int newPort) {
    return copy(c -> c.port = newPort);
  }

  public BridgeConfig withSyncOptimizeTimeout(Duration timeout) {
    return copy(c -> c.syncOptimizeTimeout = timeout);
  }

  public BridgeConfig withSyncOptimizeMaxConcurrent(int max) {
    return copy(c -> c.syncOptimizeMaxConcurrent = max);
  }

  public BridgeConfig withAllowPrivateWebhookTargets(boolean allow) {
    return withWebhookTargets(allow ? OutboundPolicy.ALLOW_ALL : OutboundPolicy.PUBLIC_ONLY);
  }

  public BridgeConfig withWebhookTargets(OutboundPolicy targets) {
    return copy(c -> c.webhookTargets = targets);
  }

  public BridgeConfig withDefaultLimits(Limits limits) {
    return copy(c -> c.defaultLimits = limits);
  }

  public BridgeConfig withAccounts(AccountRules rules) {
    return copy(c -> c.accounts = rules);
  }

  public BridgeConfig withKafkaTimeout(Duration timeout) {
    return copy(c -> c.kafkaTimeout = timeout);
  }

  public BridgeConfig withEvents(EventStreams streams) {
    return copy(c -> c.events = streams);
  }

  public BridgeConfig withGeocoding(Geocoding g) {
    return copy(c -> c.geocoding = g);
  }

  /**
   * This configuration with one setting changed: the withers name the setting, {@code copy} carries
   * the rest over (one place lists every component, not one per wither).
   */
  private BridgeConfig copy(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.build();
  }

  /** Every component, settable: what {@link #copy} changes one of. */
  private static final class Fields {
    String host;
    int port;
    String publicUrl;
    String kafkaBootstrap;
    Path dataDir;
    long maxBodyBytes;
    int syncOptimizeMaxJobs;
    Duration syncOptimizeTimeout;
    int syncOptimizeMaxConcurrent;
    BigDecimal optimizePriceUsd;
    BigDecimal writePriceUsd;
    BigDecimal maxPrepayUsd;
    Limits defaultLimits;
    Limits maxLimits;
    Duration idempotencyTtl;
    String topUpUrl;
    String docsUrl;
    OutboundPolicy webhookTargets;
    Duration kafkaTimeout;
    long parentPid;
    AccountRules accounts;
    EventStreams events;
    Geocoding geocoding;

    Fields(BridgeConfig from) {
      host = from.host;
      port = from.port;
      publicUrl = from.publicUrl;
      kafkaBootstrap = from.kafkaBootstrap;
      dataDir = from.dataDir;
      maxBodyBytes = from.maxBodyBytes;
      syncOptimizeMaxJobs = from.syncOptimizeMaxJobs;
      syncOptimizeTimeout = from.syncOptimizeTimeout;
      syncOptimizeMaxConcurrent = from.syncOptimizeMaxConcurrent;
      optimizePriceUsd = from.optimizePriceUsd;
      writePriceUsd = from.writePriceUsd;
      maxPrepayUsd = from.maxPrepayUsd;
      defaultLimits = from.defaultLimits;
      maxLimits = from.maxLimits;
      idempotencyTtl = from.idempotencyTtl;
      topUpUrl = from.topUpUrl;
      docsUrl = from.docsUrl;
      webhookTargets = from.webhookTargets;
      kafkaTimeout = from.kafkaTimeout;
      parentPid = from.parentPid;
      accounts = from.accounts;
      events = from.events;
      geocoding = from.geocoding;
    }

    BridgeConfig build() {
      return new BridgeConfig(
          host,
          port,
          publicUrl,
          kafkaBootstrap,
          dataDir,
          maxBodyBytes,
          syncOptimizeMaxJobs,
          syncOptimizeTimeout,
          syncOptimizeMaxConcurrent,
          optimizePriceUsd,
          writePriceUsd,
          maxPrepayUsd,
          defaultLimits,
          maxLimits,
          idempotencyTtl,
          topUpUrl,
          docsUrl,
          webhookTargets,
          kafkaTimeout,
          parentPid,
          accounts,
          events,
          geocoding);
    }
  }

  /** The settings as printed at start-up; none of them is secret. */
  public String describe() {
    Map<String, Object> shown = new TreeMap<>();
    shown.put("host", host);
    shown.put("port", port);
    shown.put("public.url", publicUrl);
    shown.put("kafka.bootstrap", kafkaBootstrap);
    shown.put("data.dir", dataDir);
    shown.put("body.max_bytes", maxBodyBytes);
    shown.put("optimize.sync_max_jobs", syncOptimizeMaxJobs);
    shown.put("optimize.sync_timeout", syncOptimizeTimeout);
    shown.put("optimize.sync_max_concurrent", syncOptimizeMaxConcurrent);
    shown.put("price.optimize_usd", optimizePriceUsd);
    shown.put("price.write_usd", writePriceUsd);
    shown.put("limits", defaultLimits);
    shown.put("limits.max", maxLimits);
    shown.put("idempotency.ttl", idempotencyTtl);
    shown.put("webhooks.allow_private_targets", webhookTargets.allowPrivate());
    shown.put("webhooks.allowed_networks", webhookTargets.allowedNetworks());
    shown.put("kafka.timeout", kafkaTimeout);
    shown.put("accounts", accounts);
    shown.put("events", events);
    shown.put("geocoding", geocoding);
    return shown.toString();
  }
}
