package io.fleetstream.bridge.internal.events;

import io.fleetstream.schemas.Topic;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a client of {@code GET /api/v1/events} can ask for ({@code ?types=assignment,eta}); each is
 * one or more output topics. The SSE {@code event:} field is the category's wire name.
 */
public enum EventCategory {
  ASSIGNMENT(Topic.ASSIGNMENTS),
  ETA(Topic.ETA),
  SLA(Topic.SLA),
  PLAN(Topic.PLANS),
  JOB(Topic.JOBS),
  DRIVER(Topic.DRIVERS, Topic.DRIVER_STATE);

  /**
   * Every topic the stream reads, in the order positions are numbered in event ids: append only, or
   * ids handed out before would resume from the wrong topic.
   */
  public static final List<Topic> TOPICS =
      List.of(
          Topic.JOBS,
          Topic.DRIVERS,
          Topic.DRIVER_STATE,
          Topic.ASSIGNMENTS,
          Topic.PLANS,
          Topic.ETA,
          Topic.SLA);

  private final List<Topic> topics;

  EventCategory(Topic... topics) {
    this.topics = List.of(topics);
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EventCategory> of(Topic topic) {
    return Arrays.stream(values()).filter(c -> c.topics.contains(topic)).findFirst();
  }

  public static Optional<EventCategory> byWireName(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
  }

  public static Set<EventCategory> all() {
    return EnumSet.allOf(EventCategory.class);
  }
}
