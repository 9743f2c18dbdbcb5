/**
 * Explainable assignment scoring: one job against every candidate driver, with reasons and
 * insertion.
 */
package io.fleetstream.routing.scoring;
