/** The Flink dispatch job: validates input, routes it to zones, decides who does which job. */
package io.fleetstream.jobs;
