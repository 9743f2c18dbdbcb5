/** The {@code data} records of every event type. JSON names are snake_case, as on the wire. */
package io.fleetstream.schemas.events;
