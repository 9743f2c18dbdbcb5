package io.fleetstream.schemas.json;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes an {@link Instant} exactly as {@link Instant#toString()} does (UTC, {@code Z}, the
 * fraction in groups of three digits, none when zero), through ITU's formatter for the years
 * 0–9999.
 *
 * <p>Why not Jackson's own: it formats through {@code DateTimeFormatter.ISO_INSTANT}, about 140 ns
 * per instant against 40 here, and a driver-state output carries three: at 50,000 outputs a second
 * that was a few percent of the job's CPU.
 */
final class InstantText extends StdSerializer<Instant> {

  private static final long serialVersionUID = 1L;
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

  InstantText() {
    super(Instant.class);
  }

  @Override
  public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeString(format(value));
  }

  static String format(Instant value) {
    long seconds = value.getEpochSecond();
    if (seconds < YEAR_0 || seconds >= YEAR_10000) {
      return value.toString(); // signed or five-digit years: rare enough for the general formatter
    }
    int nanos = value.getNano();
    int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    // Not value.atOffset(UTC): that looks up the offset's rules, and ZoneOffset.getRules() makes a
    // new ZoneRules on every call.
    return ITU.formatUtc(
        OffsetDateTime.of(
            LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), ZoneOffset.UTC),
        digits);
  }
}
