/** The job's edge: raw Kafka records become validated events, or dead letters with a reason. */
package io.fleetstream.jobs.ingest;
