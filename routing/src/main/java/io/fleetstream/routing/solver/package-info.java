/**
 * The VRPTW solver: one entry class ({@link io.fleetstream.routing.solver.VrpSolver}) and its
 * configuration.
 */
package io.fleetstream.routing.solver;
