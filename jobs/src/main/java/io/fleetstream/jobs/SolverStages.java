package io.fleetstream.jobs;

import io.fleetstream.jobs.dispatch.DispatchPlanner;
import io.fleetstream.jobs.internal.serde.CloudEventTypeInfo;
import io.fleetstream.jobs.optimize.OptimizeRunner;
import io.fleetstream.jobs.optimize.ReoptimizeRunner;
import io.fleetstream.jobs.simulate.SimulationRunner;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The dispatch graph's two solver stages, both off the task thread (Async I/O), so a checkpoint
 * never waits for a solver: optimize requests, and the zones the planner asks to re-solve.
 */
final class SolverStages {

  private static final TypeInformation<CloudEvent> EVENTS = CloudEventTypeInfo.INSTANCE;

  private SolverStages() {}

  /** Optimize requests solved off the task thread. */
  static SingleOutputStreamOperator<CloudEvent> optimizationRuns(
      DataStream<CloudEvent> jobsAndDrivers, DispatchJobConfig config) {
    // Committed runs also yield assignment commands, fed back through the commands topic (exactly
    // once).
    return AsyncDataStream.unorderedWait(
            jobsAndDrivers
                .filter(
                    e ->
                        e.eventType() == EventType.OPTIMIZE_REQUESTED
                            || e.eventType() == EventType.OPTIMIZE_REQUESTED_V2)
                .uid("optimization-requests")
                .name("optimization requests"),
            new OptimizeRunner(config.roadMap(), config.solverThreads()),
            OptimizeRunner.asyncTimeout().toMillis(),
            TimeUnit.MILLISECONDS,
            config.concurrentOptimizations())
        .returns(EVENTS)
        .uid("optimize-requests")
        .name("optimization runs");
  }

  /** Zones the planner asked to re-solve; proposals go back as commands. */
  static SingleOutputStreamOperator<CloudEvent> reoptimization(
      SingleOutputStreamOperator<CloudEvent> decisions, DispatchJobConfig config) {
    return AsyncDataStream.unorderedWait(
            decisions.getSideOutput(DispatchPlanner.REOPTIMIZE),
            new ReoptimizeRunner(
                config.roadMap(),
                config.reoptimization().timeLimit(),
                config.solverThreads(),
                config.reoptimization().cpuShare(),
                config.reoptimization().moveCost()),
            // One waiting request per zone at most (the queue keeps only a zone's newest), so this
            // capacity is a count of zones; a smaller one would stall the planner behind the
            // solver.
            OptimizeRunner.asyncTimeout().toMillis(),
            TimeUnit.MILLISECONDS,
            DispatchJob.REOPTIMIZE_CAPACITY)
        .returns(EVENTS)
        .uid("reoptimize")
        .name("re-optimize zones");
  }

  /** What-ifs solved off the task thread; their answers go to the simulations topic only. */
  static SingleOutputStreamOperator<CloudEvent> simulations(
      SingleOutputStreamOperator<CloudEvent> decisions, DispatchJobConfig config) {
    return AsyncDataStream.unorderedWait(
            decisions.getSideOutput(DispatchPlanner.SIMULATE),
            new SimulationRunner(config.roadMap()),
            SimulationRunner.timeoutMillis(),
            TimeUnit.MILLISECONDS,
            // what-ifs wait their turn for the simulator's one thread
            16)
        .returns(EVENTS)
        .uid("simulations")
        .name("simulations");
  }
}
