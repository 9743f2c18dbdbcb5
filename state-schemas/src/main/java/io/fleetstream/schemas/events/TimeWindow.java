package io.fleetstream.schemas.events;

import java.time.OffsetDateTime;

/**
 * A closed interval of wall-clock time; keeps the offset it was given in, as users expect it back.
 */
public record TimeWindow(OffsetDateTime start, OffsetDateTime end) {}
