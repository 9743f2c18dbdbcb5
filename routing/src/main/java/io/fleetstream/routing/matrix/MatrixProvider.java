package io.fleetstream.routing.matrix;

import io.fleetstream.routing.model.Location;
import java.util.List;

/** Computes a travel matrix for a list of points (road network, great circle or plane). */
@FunctionalInterface
public interface MatrixProvider {

  TravelMatrix matrix(List<Location> points);
}
