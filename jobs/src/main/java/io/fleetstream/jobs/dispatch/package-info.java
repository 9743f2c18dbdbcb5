/**
 * The dispatch planner: per tenant and zone, it holds open jobs and drivers and decides, on every
 * change, who does which job. The decision logic is plain Java ({@link
 * io.fleetstream.jobs.dispatch.ZoneDispatcher}); the Flink function only adapts keyed state to it.
 */
package io.fleetstream.jobs.dispatch;
