/** Domain events for webhook subscribers, derived from decisions, SLA changes and job outcomes. */
package io.fleetstream.jobs.notify;
