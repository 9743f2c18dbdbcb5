/**
 * Solomon VRPTW instances: reader, solver adapter, benchmark runner with best-known solutions and
 * peers.
 */
package io.fleetstream.routing.solomon;
