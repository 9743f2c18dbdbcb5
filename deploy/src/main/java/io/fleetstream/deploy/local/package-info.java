/**
 * What a stack or a cluster on this machine keeps in its data directory and shares between the two:
 * its ports ({@link io.fleetstream.deploy.local.StackPorts}), the dispatch job's snapshots and
 * where a start resumes from ({@link io.fleetstream.deploy.local.RestorePoint}, {@link
 * io.fleetstream.deploy.local.Resumption}), and RocksDB's working files ({@link
 * io.fleetstream.deploy.local.StateWorkDir}).
 */
package io.fleetstream.deploy.local;
