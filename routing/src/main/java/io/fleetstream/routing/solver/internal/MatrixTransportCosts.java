package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.cost.AbstractForwardVehicleRoutingTransportCosts;
import com.graphhopper.jsprit.core.problem.driver.Driver;
import com.graphhopper.jsprit.core.problem.vehicle.Vehicle;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleTypeImpl;
import io.fleetstream.routing.matrix.TravelMatrix;

/** jsprit's view of our matrix: jsprit locations carry the matrix index. */
final class MatrixTransportCosts extends AbstractForwardVehicleRoutingTransportCosts {

  /**
   * Stand-in travel time and distance for an unreachable pair: finite so jsprit's arithmetic stays
   * sane, large enough that time windows and shifts reject it; {@link ReachabilityConstraint}
   * forbids such legs outright.
   */
  static final double UNREACHABLE = 1e9;

  private final TravelMatrix matrix;

  MatrixTransportCosts(TravelMatrix matrix) {
    this.matrix = matrix;
  }

  @Override
  public double getDistance(Location from, Location to, double departureTime, Vehicle vehicle) {
    double d = matrix.metres(from.getIndex(), to.getIndex());
    return d == Double.POSITIVE_INFINITY ? UNREACHABLE : d;
  }

  @Override
  public double getTransportTime(
      Location from, Location to, double departureTime, Driver driver, Vehicle vehicle) {
    double t = matrix.seconds(from.getIndex(), to.getIndex());
    return t == Double.POSITIVE_INFINITY ? UNREACHABLE : t;
  }

  @Override
  public double getTransportCost(
      Location from, Location to, double departureTime, Driver driver, Vehicle vehicle) {
    if (vehicle == null) {
      return getDistance(from, to, departureTime, null);
    }
    VehicleTypeImpl.VehicleCostParams p = vehicle.getType().getVehicleCostParams();
    return p.perDistanceUnit * getDistance(from, to, departureTime, vehicle)
        + p.perTransportTimeUnit * getTransportTime(from, to, departureTime, driver, vehicle);
  }
}
