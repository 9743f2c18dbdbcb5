/**
 * Benchmarks run through the real broker and job: programs that print tables and JSON, never timed
 * unit tests.
 */
package io.fleetstream.deploy.bench;
