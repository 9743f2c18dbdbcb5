/** The independent feasibility checker: verifies any plan without the solver's code. */
package io.fleetstream.routing.check;
