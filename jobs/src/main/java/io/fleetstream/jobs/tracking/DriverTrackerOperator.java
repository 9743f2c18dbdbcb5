package io.fleetstream.jobs.tracking;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.state.DriverRoute;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;

/**
 * Runs a {@link DriverTracker} and writes its changed drivers to state just before each checkpoint
 * barrier (and at the end of input), so that a checkpoint holds every ping applied before it while
 * a ping itself touches only the heap.
 */
public final class DriverTrackerOperator extends KeyedCoProcessOperator<String, CloudEvent, DriverRoute, CloudEvent> {

  private static final long serialVersionUID = 1L;

  private final DriverTracker tracker;

  public DriverTrackerOperator(DriverTracker tracker) {
    super(tracker);
    this.tracker = tracker;
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    tracker.flush(this::setCurrentKey);
  }

  @Override
  public void finish() throws Exception {
    tracker.flush(this::setCurrentKey);
    super.finish();
  }
}
