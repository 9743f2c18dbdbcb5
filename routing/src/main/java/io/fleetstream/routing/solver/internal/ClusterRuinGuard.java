package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.algorithm.SearchStrategy;
import com.graphhopper.jsprit.core.algorithm.VehicleRoutingAlgorithm;
import com.graphhopper.jsprit.core.algorithm.module.RuinAndRecreateModule;
import com.graphhopper.jsprit.core.algorithm.ruin.RuinClusters;
import com.graphhopper.jsprit.core.algorithm.ruin.RuinStrategy;
import com.graphhopper.jsprit.core.algorithm.ruin.listener.RuinListener;
import com.graphhopper.jsprit.core.problem.job.Job;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one cluster ruin run at a time in this JVM. jsprit's cluster ruin numbers the jobs of a
 * route from a static, unsynchronized counter and looks them up by that number; two searches
 * clustering at once can lose an increment, give two jobs of one route the same number, and so
 * cluster differently from one run to the next. Parallel workers then broke "same seed, same plan"
 * (200 jobs / 20 drivers, 3,600 iterations per worker: 3 of 9 runs differed) while one worker never
 * did. Serialized, the numbers stay unique and the outcome stays that of the seed; the wait is
 * small (a cluster ruin is a few percent of an iteration).
 */
final class ClusterRuinGuard implements RuinListener {

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final ClusterRuinGuard INSTANCE = new ClusterRuinGuard();

  private ClusterRuinGuard() {}

  /** Guards every cluster ruin of the algorithm's strategies. */
  static void install(VehicleRoutingAlgorithm algorithm) {
    Set<RuinStrategy> guarded = Collections.newSetFromMap(new IdentityHashMap<>());
    for (SearchStrategy s : algorithm.getSearchStrategyManager().getStrategies()) {
      for (var module : s.getSearchStrategyModules()) {
        if (module instanceof RuinAndRecreateModule rr
            && rr.getRuin() instanceof RuinClusters ruin
            && guarded.add(ruin)) {
          ruin.addListener(INSTANCE);
        }
      }
    }
  }

  /** Frees the lock if a failed search left it with this thread (the ruin threw before its end). */
  static void release() {
    while (LOCK.isHeldByCurrentThread()) LOCK.unlock();
  }

  @Override
  public void ruinStarts(Collection<VehicleRoute> routes) {
    LOCK.lock();
  }

  @Override
  public void ruinEnds(Collection<VehicleRoute> routes, Collection<Job> unassignedJobs) {
    if (LOCK.isHeldByCurrentThread()) LOCK.unlock();
  }

  @Override
  public void removed(Job job, VehicleRoute fromRoute) {}
}
