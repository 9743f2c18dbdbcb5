package io.fleetstream.routing.solver.internal;

import com.graphhopper.jsprit.core.problem.constraint.HardActivityConstraint;
import com.graphhopper.jsprit.core.problem.misc.JobInsertionContext;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import java.util.Set;

/**
 * Keeps locked stops first on their route: nothing may be inserted in front of a locked activity.
 * jsprit never removes jobs of initial routes, so together with this rule the locked prefix is
 * exactly what the caller gave.
 */
final class LockedPrefixConstraint implements HardActivityConstraint {

  private final Set<String> lockedJobIds;

  LockedPrefixConstraint(Set<String> lockedJobIds) {
    this.lockedJobIds = lockedJobIds;
  }

  @Override
  public ConstraintsStatus fulfilled(
      JobInsertionContext ctx,
      TourActivity prev,
      TourActivity act,
      TourActivity next,
      double prevDeparture) {
    if (next instanceof TourActivity.JobActivity ja && lockedJobIds.contains(ja.getJob().getId())) {
      return ConstraintsStatus.NOT_FULFILLED;
    }
    return ConstraintsStatus.FULFILLED;
  }
}
