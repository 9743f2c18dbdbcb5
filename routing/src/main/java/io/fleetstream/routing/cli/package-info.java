/** The routing commands (solve, bench, matrix) as plain methods a launcher can call. */
package io.fleetstream.routing.cli;
