/**
 * {@code bin/fleetstream sql}: Flink SQL on the output topics, docs/analytics.md's tables
 * registered.
 */
package io.fleetstream.deploy.sql;
