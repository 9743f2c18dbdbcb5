/**
 * {@code bin/fleetstream backup | restore}: one tenant's records on every Fleetstream topic, kept
 * in a file and written back.
 */
package io.fleetstream.deploy.backup;
