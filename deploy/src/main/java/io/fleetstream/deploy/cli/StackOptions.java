package io.fleetstream.deploy.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every stack command shares. */
public final class StackOptions {

  @Mixin DataDirOption dir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description =
          "Base port: Kafka listens on PORT, the Flink web UI on PORT+1, the HTTP API on PORT+2 "
              + "(default: 9092, 8081 and 9094 when free, else free ports).")
  int port;

  /**
   * How long a starting stack rehearses unless told otherwise; {@code bench stream} uses the same,
   * so that it measures what {@code up} starts.
   */
  static final String DEFAULT_REHEARSAL = "90s";

  @Option(
      names = "--rehearsal",
      paramLabel = "DURATION",
      defaultValue = DEFAULT_REHEARSAL,
      converter = RehearsalConverter.class,
      description =
          "How long at most a starting stack first runs the dispatch job on synthetic input, every"
              + " output discarded, so that the live job starts on compiled code; it ends sooner"
              + " once the job's throughput stops rising, after 20 s at least (default:"
              + " ${DEFAULT-VALUE}; 'off' skips it).")
  Duration rehearsal;

  /** A duration, or {@code off} for none. */
  static final class RehearsalConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return "off".equalsIgnoreCase(value.trim()) ? Duration.ZERO : new Durations().convert(value);
    }
  }

  Path dataDir() {
    return dir.dataDir();
  }
}
