package io.fleetstream.routing.solomon;

import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.TimeWindow;
import java.util.List;

/**
 * A Solomon or Gehring–Homberger VRPTW instance: name, fleet size and capacity, the depot and the
 * customers.
 */
public record SolomonInstance(
    String name, int vehicles, int capacity, SolomonCustomer depot, List<SolomonCustomer> customers)
    implements BenchmarkInstance {

  public SolomonInstance {
    customers = List.copyOf(customers);
  }

  /**
   * Our problem model for this instance: job ids are the customer numbers, drivers {@code v1..vN}
   * start and end at the depot within its window; coordinates are planar (x as lng, y as lat).
   */
  @Override
  public Problem toProblem() {
    Problem.Builder b = Problem.builder();
    addFleet(b, vehicles, capacity, depot);
    for (SolomonCustomer c : customers) {
      b.job(
          Job.builder(Integer.toString(c.number()))
              .stop(Location.planar(c.x(), c.y()), c.service(), TimeWindow.of(c.ready(), c.due()))
              .demand(c.demand())
              .build());
    }
    return b.build();
  }

  /** Drivers {@code v1..vN}, each starting and ending at the depot within its window. */
  static void addFleet(Problem.Builder b, int vehicles, int capacity, SolomonCustomer depot) {
    Location depotLoc = Location.planar(depot.x(), depot.y());
    for (int v = 1; v <= vehicles; v++) {
      b.driver(
          Driver.builder("v" + v)
              .start(depotLoc)
              .shift(depot.ready(), depot.due())
              .capacity(capacity)
              .build());
    }
  }

  @Override
  public List<SolomonCustomer> tasks() {
    return customers;
  }

  @Override
  public List<Pair> pairs() {
    return List.of();
  }

  @Override
  public int taskNumber(RouteStop stop) {
    return Integer.parseInt(stop.jobId());
  }

  @Override
  public StopRef stopRef(int taskNumber) {
    return StopRef.service(Integer.toString(taskNumber));
  }
}
