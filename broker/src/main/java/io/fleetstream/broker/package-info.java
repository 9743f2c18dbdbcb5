/**
 * A real Apache Kafka broker (KRaft, single node) run as a child JVM, for tests and the embedded
 * stack.
 */
package io.fleetstream.broker;
