package io.fleetstream.routing.solomon.peers;

import com.google.ortools.Loader;
import com.google.ortools.constraintsolver.Assignment;
import com.google.ortools.constraintsolver.FirstSolutionStrategy;
import com.google.ortools.constraintsolver.LocalSearchMetaheuristic;
import com.google.ortools.constraintsolver.RoutingDimension;
import com.google.ortools.constraintsolver.RoutingIndexManager;
import com.google.ortools.constraintsolver.RoutingModel;
import com.google.ortools.constraintsolver.RoutingSearchParameters;
import com.google.ortools.constraintsolver.main;
import io.fleetstream.routing.matrix.EuclideanMatrix;
import io.fleetstream.routing.model.Location;
import io.fleetstream.routing.solomon.BenchmarkInstance;
import io.fleetstream.routing.solomon.PeerSolver;
import io.fleetstream.routing.solomon.SolomonCustomer;
import io.fleetstream.routing.solomon.SolomonSolution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Google OR-Tools' routing solver on a benchmark instance (VRPTW, or PDPTW with each pair on one
 * vehicle, pickup first — OR-Tools' own pickup-and-delivery model): guided local search from
 * parallel cheapest insertion (path cheapest arc finds nothing on the tightest R1/RC1 instances), a
 * vehicle fixed cost so vehicles come first, integer costs scaled by 1000 with travel times rounded
 * up so every accepted solution is feasible in the real, unrounded metric. Benchmark use only:
 * OR-Tools is an optional dependency of this module.
 */
public final class OrToolsPeer implements PeerSolver {

  private static final long SCALE = 1000;
  private static final long VEHICLE_COST = 10_000 * SCALE;
  private static volatile boolean loaded;

  @Override
  public String name() {
    return "or-tools";
  }

  private static synchronized void load() {
    if (!loaded) {
      Loader.loadNativeLibraries();
      loaded = true;
    }
  }

  @Override
  public SolomonSolution solve(BenchmarkInstance inst, Duration timeLimit) {
    load();
    long t0 = System.nanoTime();
    List<SolomonCustomer> nodes = new ArrayList<>();
    nodes.add(inst.depot());
    nodes.addAll(inst.tasks());
    int n = nodes.size();
    Map<Integer, Integer> nodeOf = new HashMap<>();
    for (int i = 0; i < n; i++) nodeOf.put(nodes.get(i).number(), i);
    long[][] dist = new long[n][n];
    long[][] travelUp = new long[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = distance(nodes.get(i), nodes.get(j));
        dist[i][j] = Math.round(d * SCALE);
        travelUp[i][j] = (long) Math.ceil(d * SCALE);
      }
    }
    RoutingIndexManager manager = new RoutingIndexManager(n, inst.vehicles(), 0);
    RoutingModel routing = new RoutingModel(manager);
    int cost =
        routing.registerTransitCallback(
            (long from, long to) -> dist[manager.indexToNode(from)][manager.indexToNode(to)]);
    routing.setArcCostEvaluatorOfAllVehicles(cost);
    routing.setFixedCostOfAllVehicles(VEHICLE_COST);
    int time =
        routing.registerTransitCallback(
            (long from, long to) -> {
              int a = manager.indexToNode(from);
              int b = manager.indexToNode(to);
              return Math.round(nodes.get(a).service() * SCALE) + travelUp[a][b];
            });
    long horizon = Math.round(inst.depot().due() * SCALE);
    routing.addDimension(time, horizon, horizon, false, "Time");
    RoutingDimension timeDim = routing.getMutableDimension("Time");
    for (int i = 1; i < n; i++) {
      SolomonCustomer c = nodes.get(i);
      timeDim
          .cumulVar(manager.nodeToIndex(i))
          .setRange(Math.round(c.ready() * SCALE), Math.round(c.due() * SCALE));
    }
    for (int v = 0; v < inst.vehicles(); v++) {
      timeDim
          .cumulVar(routing.start(v))
          .setRange(Math.round(inst.depot().ready() * SCALE), horizon);
      timeDim.cumulVar(routing.end(v)).setRange(Math.round(inst.depot().ready() * SCALE), horizon);
    }
    int demand =
        routing.registerUnaryTransitCallback(
            (long from) -> nodes.get(manager.indexToNode(from)).demand());
    long[] caps = new long[inst.vehicles()];
    java.util.Arrays.fill(caps, inst.capacity());
    routing.addDimensionWithVehicleCapacity(demand, 0, caps, true, "Capacity");
    var solver = routing.solver();
    for (BenchmarkInstance.Pair p : inst.pairs()) {
      long pickup = manager.nodeToIndex(nodeOf.get(p.pickup()));
      long delivery = manager.nodeToIndex(nodeOf.get(p.delivery()));
      routing.addPickupAndDelivery(pickup, delivery);
      solver.addConstraint(
          solver.makeEquality(routing.vehicleVar(pickup), routing.vehicleVar(delivery)));
      solver.addConstraint(
          solver.makeLessOrEqual(timeDim.cumulVar(pickup), timeDim.cumulVar(delivery)));
    }
    RoutingSearchParameters params =
        main.defaultRoutingSearchParameters().toBuilder()
            .setFirstSolutionStrategy(FirstSolutionStrategy.Value.PARALLEL_CHEAPEST_INSERTION)
            .setLocalSearchMetaheuristic(LocalSearchMetaheuristic.Value.GUIDED_LOCAL_SEARCH)
            .setTimeLimit(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(timeLimit.getSeconds())
                    .setNanos(timeLimit.getNano())
                    .build())
            .build();
    Assignment solution = routing.solveWithParameters(params);
    long elapsed = (System.nanoTime() - t0) / 1_000_000;
    if (solution == null) {
      throw new IllegalStateException(
          "OR-Tools found no solution within " + timeLimit.toMillis() + " ms");
    }
    List<List<Integer>> routes = new ArrayList<>();
    double total = 0;
    int served = 0;
    for (int v = 0; v < inst.vehicles(); v++) {
      long index = routing.start(v);
      List<Integer> seq = new ArrayList<>();
      int prev = 0;
      double d = 0;
      while (!routing.isEnd(index)) {
        index = solution.value(routing.nextVar(index));
        int node = manager.indexToNode(index);
        d += distance(nodes.get(prev), nodes.get(node));
        prev = node;
        if (node != 0) seq.add(nodes.get(node).number());
      }
      if (!seq.isEmpty()) {
        routes.add(seq);
        total += d;
        served += seq.size();
      }
    }
    return new SolomonSolution(
        inst.name(),
        routes.size(),
        total,
        unassignedJobs(inst, served),
        elapsed,
        routes,
        0,
        "time_limit");
  }

  /** Jobs left out: a pair counts once, like in our plans. */
  private static int unassignedJobs(BenchmarkInstance inst, int servedTasks) {
    int missing = inst.tasks().size() - servedTasks;
    return inst.pairs().isEmpty() ? missing : (missing + 1) / 2;
  }

  private static double distance(SolomonCustomer a, SolomonCustomer b) {
    return EuclideanMatrix.distance(Location.planar(a.x(), a.y()), Location.planar(b.x(), b.y()));
  }
}
