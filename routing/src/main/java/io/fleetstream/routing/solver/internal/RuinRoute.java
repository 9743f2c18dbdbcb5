package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.ruin.AbstractRuinStrategy;
import com.graphhopper.jsprit.core.algorithm.ruin.JobNeighborhoods;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.job.Job;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Route elimination: empties one route, preferring short ones, plus a few neighbours of its jobs
 * from other routes to make room. jsprit's stock ruins remove scattered jobs, which rarely frees a
 * whole vehicle; with a vehicle cost in the objective this is what lowers the vehicle count.
 */
final class RuinRoute extends AbstractRuinStrategy {

  private final JobNeighborhoods neighborhoods;

  RuinRoute(VehicleRoutingProblem vrp, JobNeighborhoods neighborhoods) {
    super(vrp);
    this.neighborhoods = neighborhoods;
  }

  @Override
  public Collection<Job> ruinRoutes(Collection<VehicleRoute> routes) {
    List<VehicleRoute> candidates = new ArrayList<>();
    double total = 0;
    for (VehicleRoute r : routes) {
      if (r.isEmpty() || hasInitialJob(r)) continue;
      candidates.add(r);
      total += weight(r);
    }
    List<Job> removed = new ArrayList<>();
    if (candidates.isEmpty()) return removed;
    double pick = random.nextDouble() * total;
    VehicleRoute target = candidates.get(candidates.size() - 1);
    for (VehicleRoute r : candidates) {
      pick -= weight(r);
      if (pick <= 0) {
        target = r;
        break;
      }
    }
    List<Job> own = new ArrayList<>(target.getTourActivities().getJobs());
    for (Job j : own) {
      if (removeJob(j, target)) removed.add(j);
    }
    int extra = 1 + random.nextInt(Math.max(1, own.size()));
    for (Job j : own) {
      if (extra <= 0) break;
      Iterator<Job> it = neighborhoods.getNearestNeighborsIterator(3, j);
      while (it.hasNext() && extra > 0) {
        Job n = it.next();
        if (removed.contains(n)) continue;
        if (random.nextDouble() < 0.5 && removeJob(n, routes)) {
          removed.add(n);
          extra--;
        }
      }
    }
    return removed;
  }

  private static double weight(VehicleRoute r) {
    double n = r.getTourActivities().getJobs().size();
    return 1.0 / (n * n);
  }

  private boolean hasInitialJob(VehicleRoute r) {
    for (Job j : r.getTourActivities().getJobs()) {
      if (!vrp.getJobs().containsKey(j.getId())) return true;
    }
    return false;
  }
}
