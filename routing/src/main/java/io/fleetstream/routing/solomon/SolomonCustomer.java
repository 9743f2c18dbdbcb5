package io.fleetstream.routing.solomon;

/** One row of a Solomon file; customer 0 is the depot. */
public record SolomonCustomer(
    int number, double x, double y, int demand, double ready, double due, double service) {}
