/**
 * Flink sources and sinks over Kafka, shaped for Fleetstream's contract (raw input, exactly-once
 * output).
 */
package io.fleetstream.connectors.flink;
