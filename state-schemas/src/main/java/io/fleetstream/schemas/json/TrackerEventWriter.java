package io.fleetstream.schemas.json;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.events.DriverStateData;
import io.fleetstream.schemas.events.EtaData;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes the two events the driver tracker publishes per ping (driver state and ETA) straight into
 * a byte array, field by field, to the same bytes the data-binding path writes.
 *
 * <p>Why not data binding: records are serialized through reflective accessor calls and a property
 * writer per field; at 50,000 outputs a second that was a sixth of the tracker's CPU. Why not
 * Jackson's streaming generator either (this writer's first form): setting one up per event and
 * going through its buffers cost 1.5 µs an event, a tenth of the job's samples. Plain text is
 * copied byte for byte here; text needing escapes or holding non-ASCII is quoted by Jackson's own
 * {@link JsonStringEncoder}, numbers are formatted by Jackson's {@link NumberOutput} with the
 * mapper's setting, and an event with a number JSON cannot hold (NaN, infinities, which the mapper
 * writes as strings) goes through data binding. {@code TrackerEventWriterTest} compares both
 * writers' bytes for random events, tricky text and numbers included, so a field added to the
 * records without being added here fails the build.
 */
final class TrackerEventWriter {

  private static final boolean FAST_DOUBLES =
      EventJson.mapper().getFactory().isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

  private TrackerEventWriter() {}

  /** True when {@link #write} handles this event. */
  static boolean handles(Object value) {
    return value instanceof CloudEvent e
        && (e.data() instanceof DriverStateData || e.data() instanceof EtaData);
  }

  /**
   * The event's JSON, or null when it holds what only data binding writes as it does: a number that
   * is not finite, text with a surrogate pair.
   */
  static byte[] write(CloudEvent e) {
    Out out = new Out();
    out.open();
    out.string("specversion", e.specversion());
    out.string("id", e.id());
    out.string("source", e.source());
    out.string("type", e.type());
    out.string("subject", e.subject());
    out.instant("time", e.time());
    out.string("datacontenttype", e.datacontenttype());
    out.string("tenant", e.tenant());
    out.string("partitionkey", e.partitionkey());
    out.name("data");
    if (e.data() instanceof DriverStateData d) {
      driverState(out, d);
    } else {
      eta(out, (EtaData) e.data());
    }
    if (out.declined) {
      return null;
    }
    out.close();
    return out.bytes();
  }

  private static void driverState(Out out, DriverStateData d) {
    out.open();
    out.string("driver_id", d.driverId());
    out.string("status", d.status());
    out.number("lat", d.lat());
    out.number("lng", d.lng());
    out.number("speed_mps", d.speedMps());
    out.number("heading_deg", d.headingDeg());
    out.instant("last_ping_at", d.lastPingAt());
    out.number("late_pings", d.latePings());
    out.string("next_job_id", d.nextJobId());
    out.instant("updated_at", d.updatedAt());
    out.close();
  }

  private static void eta(Out out, EtaData d) {
    out.open();
    out.string("job_id", d.jobId());
    out.string("driver_id", d.driverId());
    out.number("stop_index", d.stopIndex());
    out.instant("eta", d.eta());
    out.instant("predicted_finish", d.predictedFinish());
    out.instant("window_end", d.windowEnd());
    out.number("distance_remaining_m", d.distanceRemainingM());
    out.string("metric", d.metric());
    out.instant("based_on_ping_at", d.basedOnPingAt());
    out.instant("computed_at", d.computedAt());
    out.close();
  }

  /** A growing byte array and where the object being written stands. */
  private static final class Out {
    private byte[] buf = new byte[640];
    private int len;
    private boolean first;

    /**
     * Set by what only data binding writes as the mapper does: a number that is not finite (written
     * as a string there), text with a surrogate pair (which the generator escapes as two {@code
     * \\u} escapes and {@link JsonStringEncoder} writes as UTF-8). Such an event goes to data
     * binding.
     */
    boolean declined;

    void open() {
      put((byte) '{');
      first = true;
    }

    void close() {
      put((byte) '}');
      first = false;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, len);
    }

    /** A field name (ours: plain ASCII), with the comma before it when needed. */
    void name(String name) {
      if (!first) {
        put((byte) ',');
      }
      first = false;
      put((byte) '"');
      ascii(name);
      put((byte) '"');
      put((byte) ':');
    }

    // Absent values are left out, as the records' NON_NULL inclusion does.

    void string(String name, String value) {
      if (value != null) {
        name(name);
        quoted(value);
      }
    }

    void instant(String name, Instant value) {
      if (value != null) {
        name(name);
        quoted(InstantText.format(value));
      }
    }

    void number(String name, Double value) {
      if (value != null) {
        number(name, value.doubleValue());
      }
    }

    void number(String name, double value) {
      if (!Double.isFinite(value)) {
        declined = true;
        return;
      }
      name(name);
      ascii(NumberOutput.toString(value, FAST_DOUBLES));
    }

    void number(String name, long value) {
      name(name);
      ascii(Long.toString(value));
    }

    private void quoted(String text) {
      put((byte) '"');
      if (isPlain(text)) {
        ascii(text);
      } else if (hasSurrogate(text)) {
        declined = true;
      } else {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        ensure(escaped.length);
        System.arraycopy(escaped, 0, buf, len, escaped.length);
        len += escaped.length;
      }
      put((byte) '"');
    }

    /** Printable ASCII without a quote or backslash: written as it is. */
    private static boolean isPlain(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          return false;
        }
      }
      return true;
    }

    private static boolean hasSurrogate(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (Character.isSurrogate(text.charAt(i))) {
          return true;
        }
      }
      return false;
    }

    /** Text known to be plain ASCII. */
    private void ascii(String text) {
      int n = text.length();
      ensure(n);
      text.getBytes(0, n, buf, len); // deprecated for dropping the high byte: none here
      len += n;
    }

    private void put(byte b) {
      ensure(1);
      buf[len++] = b;
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }
  }
}
