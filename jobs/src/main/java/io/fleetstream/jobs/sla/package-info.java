/** The SLA watcher: per job, is it going to make its time window? */
package io.fleetstream.jobs.sla;
