package io.fleetstream.routing.solomon;

import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Plan;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.ReasonCode;
import io.fleetstream.routing.model.Route;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.UnassignedJob;
import io.fleetstream.routing.solver.internal.RouteSimulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns task-number routes (from a peer optimizer or a file) into a scheduled plan to check. */
public final class SolomonPlans {

  private SolomonPlans() {}

  public static Plan fromRoutes(BenchmarkInstance instance, List<List<Integer>> routes) {
    Problem problem = instance.toProblem();
    if (routes.size() > problem.drivers().size()) {
      throw new IllegalArgumentException(
          routes.size() + " routes but only " + problem.drivers().size() + " vehicles");
    }
    RouteSimulator sim =
        new RouteSimulator(
            problem.jobsById(), EuclideanMatrix.unitSpeed().matrix(problem.locations()));
    List<Route> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < routes.size(); i++) {
      Driver d = problem.drivers().get(i);
      List<StopRef> refs = new ArrayList<>();
      for (int c : routes.get(i)) {
        StopRef ref = instance.stopRef(c);
        refs.add(ref);
        seen.add(ref.jobId());
      }
      out.add(sim.run(d, refs).route());
    }
    List<UnassignedJob> un = new ArrayList<>();
    for (Job j : problem.jobs()) {
      if (!seen.contains(j.id()))
        un.add(new UnassignedJob(j.id(), ReasonCode.TIME_WINDOW, "not routed by the peer"));
    }
    return new Plan(out, un);
  }
}
