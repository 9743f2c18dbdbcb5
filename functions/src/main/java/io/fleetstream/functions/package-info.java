/**
 * Stateful Functions served over HTTP to a StateFun runtime: webhook delivery and FSM sync (not
 * built yet).
 */
package io.fleetstream.functions;
