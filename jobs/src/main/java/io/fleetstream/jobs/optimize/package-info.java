/** Optimization runs requested on the commands topic, answered on the plans topic. */
package io.fleetstream.jobs.optimize;
