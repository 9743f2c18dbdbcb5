package io.fleetstream.bridge.internal.events;

import io.fleetstream.schemas.Topic;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a client of the event stream is in the log: the next offset to read on every partition of
 * every streamed topic. It is the SSE event id, so a client that reconnects with {@code
 * Last-Event-ID} resumes exactly after the last event it received, from the log and not from
 * memory: every record before that position was either sent to it or not meant for it.
 *
 * <p>Text form: {@code 1} then {@code _topic.partition.offset} per partition with a non-zero
 * offset, topic numbered as in {@link EventCategory#TOPICS}, offset in base 36 (ids stay short). A
 * partition not named is at offset 0, its beginning.
 */
public final class StreamPosition {

  static final String VERSION = "1";

  /** Longer ids are refused before parsing; 7 topics of 64 partitions fit. */
  static final int MAX_LENGTH = 8192;

  private static final Pattern ENTRY = Pattern.compile("\\d{1,3}\\.\\d{1,5}\\.[0-9a-z]{1,13}");
  private static final Comparator<TopicPartition> ORDER =
      Comparator.<TopicPartition>comparingInt(
              tp -> EventCategory.TOPICS.indexOf(Topic.byName(tp.topic()).orElseThrow()))
          .thenComparingInt(TopicPartition::partition);

  private final Map<TopicPartition, Long> next;

  private StreamPosition(Map<TopicPartition, Long> next) {
    this.next = next;
  }

  public static StreamPosition of(Map<TopicPartition, Long> next) {
    return new StreamPosition(Map.copyOf(next));
  }

  /** The next offset to read on {@code tp}; 0 for a partition the position does not name. */
  public long next(TopicPartition tp) {
    return next.getOrDefault(tp, 0L);
  }

  /** Partition by partition, the further of the two. */
  public StreamPosition max(StreamPosition other) {
    Map<TopicPartition, Long> m = new HashMap<>(next);
    other.next.forEach((tp, o) -> m.merge(tp, o, Math::max));
    return new StreamPosition(Map.copyOf(m));
  }

  /** True if this position is past {@code other} on some partition. */
  public boolean aheadOf(StreamPosition other) {
    return next.entrySet().stream().anyMatch(e -> e.getValue() > other.next(e.getKey()));
  }

  public Map<TopicPartition, Long> asMap() {
    return next;
  }

  public String encode() {
    StringBuilder sb = new StringBuilder(VERSION);
    next.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.comparingByKey(ORDER))
        .forEach(
            e ->
                sb.append('_')
                    .append(
                        EventCategory.TOPICS.indexOf(
                            Topic.byName(e.getKey().topic()).orElseThrow()))
                    .append('.')
                    .append(e.getKey().partition())
                    .append('.')
                    .append(Long.toString(e.getValue(), 36)));
    return sb.toString();
  }

  /**
   * Reads an id this stream handed out.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static StreamPosition decode(String id) {
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("is longer than any id this stream hands out");
    }
    String[] parts = id.split("_", -1);
    if (!parts[0].equals(VERSION)) {
      throw new IllegalArgumentException(
          "is not an id of this stream (ids start with '" + VERSION + "')");
    }
    Map<TopicPartition, Long> next = new HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      if (!ENTRY.matcher(parts[i]).matches()) {
        throw new IllegalArgumentException("has a malformed part '" + parts[i] + "'");
      }
      String[] f = parts[i].split("\\.");
      int topic = Integer.parseInt(f[0]);
      if (topic >= EventCategory.TOPICS.size()) {
        throw new IllegalArgumentException("names an unknown topic " + topic);
      }
      TopicPartition tp =
          new TopicPartition(EventCategory.TOPICS.get(topic).topicName(), Integer.parseInt(f[1]));
      long offset;
      try {
        offset = Long.parseLong(f[2], 36);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("has an offset out of range in '" + parts[i] + "'");
      }
      if (next.put(tp, offset) != null) {
        throw new IllegalArgumentException("names " + tp + " twice");
      }
    }
    return new StreamPosition(Map.copyOf(next));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamPosition p && p.encode().equals(encode());
  }

  @Override
  public int hashCode() {
    return encode().hashCode();
  }

  @Override
  public String toString() {
    return encode();
  }
}
