/**
 * jsprit lives here and only here: model translation, constraints, objective, search workers,
 * diagnosis.
 */
package io.fleetstream.routing.solver.internal;
