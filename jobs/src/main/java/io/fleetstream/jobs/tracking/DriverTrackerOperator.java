package io.fleetstream.jobs.tracking;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.state.DriverRoute;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;

/**
 * Runs a {@link DriverTracker} and writes its changed drivers to state when a checkpoint snapshots
 * the operator (and at the end of input), so that a checkpoint holds every ping applied before it
 * while a ping itself touches only the heap. The writes happen after the barrier has gone on
 * downstream, not before it: the outputs' commit waits for the barrier to reach the sink, and
 * writing a thousand drivers first sat on that path.
 */
public final class DriverTrackerOperator
    extends KeyedCoProcessOperator<String, CloudEvent, DriverRoute, CloudEvent> {

  private static final long serialVersionUID = 1L;

  private final DriverTracker tracker;

  public DriverTrackerOperator(DriverTracker tracker) {
    super(tracker);
    this.tracker = tracker;
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    tracker.flush(this::setCurrentKey); // before the keyed state backend takes its snapshot
    super.snapshotState(context);
  }

  @Override
  public void finish() throws Exception {
    tracker.flush(this::setCurrentKey);
    super.finish();
  }
}
