/** GraphHopper import/caching and the one-to-many fastest-path trees behind road matrices. */
package io.fleetstream.routing.road.internal;
