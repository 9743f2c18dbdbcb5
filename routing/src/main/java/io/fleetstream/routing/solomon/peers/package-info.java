/**
 * Peer optimizers for side-by-side benchmarks (OR-Tools: an optional dependency, benchmark use
 * only).
 */
package io.fleetstream.routing.solomon.peers;
