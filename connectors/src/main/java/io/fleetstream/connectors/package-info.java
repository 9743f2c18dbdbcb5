/**
 * How Fleetstream talks to Kafka: serdes, topic administration, client settings, Flink sources and
 * sinks.
 */
package io.fleetstream.connectors;
