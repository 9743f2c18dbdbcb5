/**
 * The product on a real Flink cluster: a standalone session cluster started from Flink's own entry
 * points ({@link io.fleetstream.deploy.cluster.FlinkCluster}) and the dispatch job submitted to any
 * Flink cluster through its REST API ({@link io.fleetstream.deploy.cluster.JobSubmission}).
 */
package io.fleetstream.deploy.cluster;
