package io.fleetstream.routing.solomon;

import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Li & Lim PDPTW instance: a homogeneous fleet at a depot and pickup→delivery pairs, each task
 * with its own window and service time. Tasks keep the file's numbers; a pickup's demand is
 * positive and its delivery's is the same amount negative (what {@link #tasks()} returns, as in the
 * file). In our problem each pair is one job whose id is the pickup's number.
 */
public record LiLimInstance(
    String name,
    int vehicles,
    int capacity,
    SolomonCustomer depot,
    List<SolomonCustomer> tasks,
    List<Pair> pairs)
    implements BenchmarkInstance {

  public LiLimInstance {
    tasks = List.copyOf(tasks);
    pairs = List.copyOf(pairs);
  }

  @Override
  public Problem toProblem() {
    Problem.Builder b = Problem.builder();
    SolomonInstance.addFleet(b, vehicles, capacity, depot);
    Map<Integer, SolomonCustomer> byNumber = byNumber();
    for (Pair p : pairs) {
      SolomonCustomer pick = byNumber.get(p.pickup());
      SolomonCustomer drop = byNumber.get(p.delivery());
      b.job(
          Job.builder(Integer.toString(p.pickup()))
              .pickup(location(pick), pick.service(), TimeWindow.of(pick.ready(), pick.due()))
              .dropoff(location(drop), drop.service(), TimeWindow.of(drop.ready(), drop.due()))
              .demand(pick.demand())
              .build());
    }
    return b.build();
  }

  @Override
  public int taskNumber(RouteStop stop) {
    int pickup = Integer.parseInt(stop.jobId());
    return stop.type() == StopType.DROPOFF ? deliveryOf(pickup) : pickup;
  }

  @Override
  public StopRef stopRef(int taskNumber) {
    for (Pair p : pairs) {
      if (p.pickup() == taskNumber) return StopRef.pickup(Integer.toString(p.pickup()));
      if (p.delivery() == taskNumber) return StopRef.dropoff(Integer.toString(p.pickup()));
    }
    throw new IllegalArgumentException(name + ": no task " + taskNumber);
  }

  private int deliveryOf(int pickup) {
    for (Pair p : pairs) if (p.pickup() == pickup) return p.delivery();
    throw new IllegalArgumentException(name + ": no pickup " + pickup);
  }

  private Map<Integer, SolomonCustomer> byNumber() {
    Map<Integer, SolomonCustomer> m = new HashMap<>();
    for (SolomonCustomer c : tasks) m.put(c.number(), c);
    return m;
  }

  private static Location location(SolomonCustomer c) {
    return Location.planar(c.x(), c.y());
  }
}
