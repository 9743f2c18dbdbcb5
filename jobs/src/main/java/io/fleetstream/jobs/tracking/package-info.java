/**
 * The driver tracker: telemetry becomes driver state (position, presence) and ETAs for open stops.
 */
package io.fleetstream.jobs.tracking;
