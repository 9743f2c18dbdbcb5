package io.fleetstream.connectors.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How every Kafka client Fleetstream makes authenticates to and encrypts its connection with a
 * secured Kafka cluster (SASL, TLS): a Kafka client properties file, the kind {@code
 * kafka-console-producer --command-config} takes, named by the {@value #ENV} environment variable
 * (or the {@value #PROPERTY} system property, which {@code --kafka-config FILE} sets). Every
 * producer, consumer and admin client, the dispatch job's Kafka sources and sinks, and the Stateful
 * Functions runtime's ingress and egress add its settings to their own.
 *
 * <p>The file holds only security settings ({@code security.protocol}, {@code sasl.*}, {@code
 * ssl.*}, and {@code config.providers*} to read their secrets from files): the rest of a client's
 * configuration is what Fleetstream's contract relies on (exactly once, read committed) and is
 * refused here, naming the key. The file is named, not copied, so a child process (the bridge, the
 * functions runtime, Flink's processes) reads it itself and its secrets travel in no command line.
 */
public final class KafkaSecurity {

  /** The environment variable naming the client properties file. */
  public static final String ENV = "FLEETSTREAM_KAFKA_CONFIG";

  /** The system property naming it in this JVM; wins over {@link #ENV}. */
  public static final String PROPERTY = "fleetstream.kafka.config";

  private static final KafkaSecurity NONE = new KafkaSecurity(null, Map.of());

  private static volatile KafkaSecurity loaded = NONE;

  private final Path file;
  private final Map<String, String> settings;

  private KafkaSecurity(Path file, Map<String, String> settings) {
    this.file = file;
    // Sorted, not Map.copyOf's order (which changes from one JVM to the next): a module.yaml or
    // a rendered manifest written from them reads the same every time.
    this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
  }

  /** No settings: a plaintext Kafka without authentication (the embedded broker). */
  public static KafkaSecurity none() {
    return NONE;
  }

  /**
   * The settings this process uses: the file named by {@value #PROPERTY}, else by {@value #ENV},
   * else none. Read once per file name.
   *
   * @throws IllegalArgumentException if the named file is missing or holds a setting that is not a
   *     security setting
   */
  public static KafkaSecurity current() {
    String named = System.getProperty(PROPERTY);
    if (named == null || named.isBlank()) {
      named = System.getenv(ENV);
    }
    if (named == null || named.isBlank()) {
      return NONE;
    }
    Path path = Path.of(named.strip()).toAbsolutePath();
    KafkaSecurity last = loaded;
    if (path.equals(last.file)) {
      return last;
    }
    KafkaSecurity fresh = load(path);
    loaded = fresh;
    return fresh;
  }

  /**
   * Checks {@code file} and makes it this JVM's settings (what {@code --kafka-config FILE} does);
   * {@link #environment()} then passes it on to the processes this one starts.
   */
  public static KafkaSecurity use(Path file) {
    KafkaSecurity security = load(file.toAbsolutePath());
    System.setProperty(PROPERTY, security.file.toString());
    loaded = security;
    return security;
  }

  /** Reads and checks a client properties file. */
  public static KafkaSecurity load(Path file) {
    Objects.requireNonNull(file, "file");
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Kafka client settings: no file " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Kafka client settings: cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> settings = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!isSecuritySetting(key)) {
        throw new IllegalArgumentException(
            "Kafka client settings in "
                + file
                + ": '"
                + key
                + "' is not a security setting; only security.protocol, sasl.*, ssl.* and"
                + " config.providers* are taken (Fleetstream sets the rest itself)");
      }
      settings.put(key, p.getProperty(key).strip());
    }
    return new KafkaSecurity(file.toAbsolutePath(), settings);
  }

  /**
   * Kafka's config providers are taken with the security settings: they let a setting name where
   * its secret is ({@code ${dir:/etc/kafka-user:sasl.jaas.config}}, a Kubernetes Secret mounted as
   * files) instead of holding it, and each client resolves them where it runs.
   */
  private static boolean isSecuritySetting(String key) {
    return key.equals("security.protocol")
        || key.startsWith("sasl.")
        || key.startsWith("ssl.")
        || key.equals("config.providers")
        || key.startsWith("config.providers.");
  }

  /** The file the settings came from, if any. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The settings, to add to a client's own. */
  public Map<String, String> settings() {
    return settings;
  }

  /** Whether there are any. */
  public boolean isEmpty() {
    return settings.isEmpty();
  }

  /** Adds the settings to {@code client} and returns it. */
  public Properties applyTo(Properties client) {
    client.putAll(settings);
    return client;
  }

  /**
   * What a child process needs in its environment to use the same settings: {@value #ENV} naming
   * the file, or nothing.
   */
  public Map<String, String> environment() {
    return file == null ? Map.of() : Map.of(ENV, file.toString());
  }

  /** The setting names, never their values (they hold passwords). */
  @Override
  public String toString() {
    return file == null
        ? "no Kafka client settings"
        : "Kafka client settings " + settings.keySet() + " from " + file;
  }
}
