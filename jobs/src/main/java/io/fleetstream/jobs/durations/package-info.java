/** The duration model: service times learned online from completed jobs. */
package io.fleetstream.jobs.durations;
