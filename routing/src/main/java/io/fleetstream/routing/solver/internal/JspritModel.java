package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.job.Delivery;
import com.graphhopper.jsprit.core.problem.job.Shipment;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.DeliverShipment;
import com.graphhopper.jsprit.core.problem.solution.route.activity.PickupShipment;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleImpl;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleTypeImpl;
import io.fleetstream.routing.matrix.TravelMatrix;
import io.fleetstream.routing.model.Driver;
import io.fleetstream.routing.model.Job;
import io.fleetstream.routing.model.Objective;
import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.Stop;
import io.fleetstream.routing.model.StopRef;
import io.fleetstream.routing.model.StopType;
import io.fleetstream.routing.model.TimeWindow;
import io.fleetstream.routing.solver.SolverConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our problem translated into a jsprit {@link VehicleRoutingProblem}. Built once per search worker:
 * jsprit mutates the activities of initial (locked) routes, so workers must not share one.
 */
final class JspritModel {

  /**
   * What jsprit's insertion heuristics charge per second of waiting, for duration objectives. The
   * objective counts waiting in full except before the first stop (the driver leaves later), which
   * jsprit cannot see; charging half keeps insertions away from idle gaps without steering every
   * route to start with an early window. Measured on 200 jobs / 20 drivers in Monaco: 0.5 beat 1.0
   * and 0.3 at short budgets, 0 was far worse.
   */
  static final double WAITING = 0.5;

  final VehicleRoutingProblem vrp;
  final Map<String, com.graphhopper.jsprit.core.problem.job.Job> jobs = new LinkedHashMap<>();
  final Map<String, VehicleImpl> vehicles = new LinkedHashMap<>();

  private JspritModel(
      Problem problem, Collection<Job> searchable, TravelMatrix matrix, SolverConfig config) {
    VehicleRoutingProblem.Builder b = VehicleRoutingProblem.Builder.newInstance();
    b.setFleetSize(VehicleRoutingProblem.FleetSize.FINITE);
    b.setRoutingCost(new MatrixTransportCosts(matrix));
    Map<String, Job> all = problem.jobsById();
    for (Driver d : problem.drivers()) {
      VehicleImpl v = vehicle(d, matrix, config);
      vehicles.put(d.id(), v);
      b.addVehicle(v);
    }
    for (Job j : searchable) {
      jobs.put(j.id(), job(j, matrix));
    }
    for (String id : problem.lockedJobIds()) {
      jobs.computeIfAbsent(id, k -> job(all.get(k), matrix));
    }
    for (Map.Entry<String, List<StopRef>> lock : problem.locks().entrySet()) {
      if (lock.getValue().isEmpty()) continue;
      VehicleRoute.Builder rb = VehicleRoute.Builder.newInstance(vehicles.get(lock.getKey()));
      for (StopRef r : lock.getValue()) addStop(rb, r);
      b.addInitialVehicleRoute(rb.build());
    }
    for (Map.Entry<String, com.graphhopper.jsprit.core.problem.job.Job> e : jobs.entrySet()) {
      if (!problem.lockedJobIds().contains(e.getKey())) b.addJob(e.getValue());
    }
    this.vrp = b.build();
  }

  static JspritModel build(
      Problem problem, Collection<Job> searchable, TravelMatrix matrix, SolverConfig config) {
    return new JspritModel(problem, searchable, matrix, config);
  }

  /** A jsprit route for a driver and stop sequence, with this model's activities (warm starts). */
  VehicleRoute route(String driverId, List<StopRef> refs) {
    VehicleRoute.Builder rb = VehicleRoute.Builder.newInstance(vehicles.get(driverId));
    rb.setJobActivityFactory(vrp.getJobActivityFactory());
    for (StopRef r : refs) addStop(rb, r);
    return rb.build();
  }

  private void addStop(VehicleRoute.Builder rb, StopRef r) {
    var job = jobs.get(r.jobId());
    switch (r.type()) {
      case SERVICE -> rb.addDelivery((Delivery) job);
      case PICKUP -> rb.addPickup((Shipment) job);
      case DROPOFF -> rb.addDelivery((Shipment) job);
    }
  }

  /** The stop sequence of a jsprit route. */
  static List<StopRef> refs(VehicleRoute route) {
    List<StopRef> refs = new ArrayList<>(route.getActivities().size());
    for (TourActivity act : route.getActivities()) {
      if (!(act instanceof TourActivity.JobActivity ja)) continue;
      String id = ja.getJob().getId();
      StopType type =
          act instanceof PickupShipment
              ? StopType.PICKUP
              : act instanceof DeliverShipment ? StopType.DROPOFF : StopType.SERVICE;
      refs.add(new StopRef(id, type));
    }
    return refs;
  }

  private static VehicleImpl vehicle(Driver d, TravelMatrix m, SolverConfig config) {
    // Identical drivers must share a type id: jsprit's fleet manager then offers one idle vehicle
    // per kind instead of every idle one, which keeps insertion cost independent of fleet size.
    boolean money = config.objective() == Objective.MIN_COST;
    String typeId =
        "capacity"
            + d.capacity()
            + (money
                ? "/cost" + d.fixedCost() + "/" + PlanCost.perMetre(d) + "/" + PlanCost.perSecond(d)
                : "");
    VehicleTypeImpl.Builder t = VehicleTypeImpl.Builder.newInstance(typeId);
    for (int i = 0; i < d.capacity().size(); i++) t.addCapacityDimension(i, d.capacity(i));
    // Fixed cost is charged by VehicleCostConstraint (insertion) and PlanCost (objective).
    if (money) {
      // The driver's money per metre and per second (MatrixTransportCosts prices legs with them);
      // service is priced too, since it costs each driver differently.
      double perSecond = PlanCost.perSecond(d);
      t.setCostPerDistance(PlanCost.perMetre(d))
          .setCostPerTransportTime(perSecond)
          .setCostPerWaitingTime(WAITING * perSecond)
          .setCostPerServiceTime(perSecond);
    } else if (config.objective().byDistance()) {
      t.setCostPerDistance(1).setCostPerTransportTime(0).setCostPerWaitingTime(0);
    } else {
      t.setCostPerDistance(0).setCostPerTransportTime(1).setCostPerWaitingTime(WAITING);
    }
    VehicleImpl.Builder v =
        VehicleImpl.Builder.newInstance(d.id())
            .setType(t.build())
            .setStartLocation(location(m, d.start()))
            .setEarliestStart(d.shift().start())
            .setLatestArrival(d.shift().end());
    if (d.returnsToEnd()) {
      v.setEndLocation(location(m, d.end())).setReturnToDepot(true);
    } else {
      v.setReturnToDepot(false);
    }
    v.addAllSkills(d.skills());
    return v.build();
  }

  private static com.graphhopper.jsprit.core.problem.job.Job job(Job j, TravelMatrix m) {
    if (j.isPair()) {
      Shipment.Builder s =
          Shipment.Builder.newInstance(j.id())
              .setPickupLocation(location(m, j.pickup().location()))
              .setPickupServiceTime(j.pickup().serviceSeconds())
              .setDeliveryLocation(location(m, j.stop().location()))
              .setDeliveryServiceTime(j.stop().serviceSeconds())
              .setPriority(j.priority());
      for (TimeWindow w : j.pickup().effectiveWindows()) s.addPickupTimeWindow(w.start(), w.end());
      for (TimeWindow w : j.stop().effectiveWindows()) s.addDeliveryTimeWindow(w.start(), w.end());
      for (int i = 0; i < j.demand().size(); i++) s.addSizeDimension(i, j.demand(i));
      s.addAllRequiredSkills(j.requiredSkills());
      return s.build();
    }
    Stop stop = j.stop();
    var d =
        Delivery.Builder.newInstance(j.id())
            .setLocation(location(m, stop.location()))
            .setServiceTime(stop.serviceSeconds())
            .setPriority(j.priority());
    for (TimeWindow w : stop.effectiveWindows()) d.addTimeWindow(w.start(), w.end());
    for (int i = 0; i < j.demand().size(); i++) d.addSizeDimension(i, j.demand(i));
    d.addAllRequiredSkills(j.requiredSkills());
    return d.build();
  }

  private static Location location(TravelMatrix m, io.fleetstream.routing.model.Location l) {
    int i = m.indexOf(l);
    if (i < 0) throw new IllegalStateException("location not in matrix: " + l);
    return Location.Builder.newInstance().setIndex(i).setId(Integer.toString(i)).build();
  }
}
