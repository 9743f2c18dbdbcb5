/**
 * Our own problem model: immutable records with builders (jobs, drivers, problems, plans, reason
 * codes).
 */
package io.fleetstream.routing.model;
