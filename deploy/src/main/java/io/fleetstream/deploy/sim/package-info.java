/**
 * The fleet simulator: plays the field-service system and the drivers' phones against a running
 * stack — jobs arrive as a Poisson process, drivers drive to what the planner assigns them, send
 * telemetry, start, complete and sometimes fail or overrun their jobs.
 */
package io.fleetstream.deploy.sim;
