/**
 * Road network, travel-time matrices, the VRPTW solver and explainable assignment scoring (pure
 * Java, no Flink).
 */
package io.fleetstream.routing;
