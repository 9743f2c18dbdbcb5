/**
 * Which dispatch zone an event belongs to. A zone is tenant-defined or the geohash cell of the
 * job's or driver's location; jobs and drivers stay in the zone they were created in.
 */
package io.fleetstream.jobs.zones;
