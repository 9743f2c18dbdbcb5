package io.fleetstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.api.transformations.SideOutputTransformation;
import org.apache.flink.streaming.api.transformations.UnionTransformation;
import org.junit.jupiter.api.Test;

/**
 * Every operator of the dispatch job has a stable uid: Flink maps a savepoint's state onto the new
 * graph by uid, and a generated one changes whenever the graph around it does.
 */
class DispatchJobTopologyTest {

  @Test
  void everyOperatorHasAUidAndAName() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DispatchJob.forKafka("127.0.0.1:1").build().addTo(env);

    List<String> withoutUid = new ArrayList<>();
    Set<String> uids = new HashSet<>();
    List<String> duplicated = new ArrayList<>();
    for (Transformation<?> t : operators(env)) {
      if (t.getUid() == null) {
        withoutUid.add(t.getName());
      } else if (!uids.add(t.getUid())) {
        duplicated.add(t.getUid());
      }
    }
    assertThat(uids).hasSizeGreaterThan(15);
    assertThat(withoutUid).as("operators without a uid").isEmpty();
    assertThat(duplicated).as("uids used twice").isEmpty();
  }

  @Test
  void thePlannersPositionsComeFromTheirOwnReaderNotFromTheTrackersPings() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DispatchJob.forKafka("127.0.0.1:1").build().addTo(env);

    Transformation<?> sample =
        operators(env).stream()
            .filter(t -> "read-positions".equals(t.getUid()))
            .findFirst()
            .orElseThrow();
    // a planner that falls behind must hold back only this reader, never the tracker's pings
    assertThat(sample.getInputs())
        .extracting(Transformation::getUid)
        .containsExactly("source-positions");
    assertThat(operators(env)).filteredOn(t -> "sample-positions".equals(t.getUid())).isEmpty();
    assertThat(operators(env)).filteredOn(t -> "validate-telemetry".equals(t.getUid())).hasSize(1);
  }

  @Test
  void theTrackersOutputsHaveASinkOfTheirOwnFedOnlyByTheTracker() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DispatchJob.forKafka("127.0.0.1:1").build().addTo(env);

    // a sink shared with the planner's side aligned its checkpoint barriers with the tracker's
    // channel blocked: a busy planner held back every ping's output, or deadlocked the job
    assertThat(operators(env))
        .filteredOn(t -> "tracker-outputs".equals(t.getUid()))
        .singleElement()
        .satisfies(
            sink ->
                assertThat(inputsThroughEdges(sink))
                    .extracting(Transformation::getUid)
                    .containsExactly("serialize-tracker-outputs"));
    assertThat(operators(env))
        .filteredOn(t -> "outputs".equals(t.getUid()))
        .singleElement()
        .satisfies(
            sink ->
                assertThat(inputsThroughEdges(sink))
                    .extracting(Transformation::getUid)
                    .doesNotContain("serialize-tracker-outputs"));
  }

  /** The operators feeding {@code t}, looking through unions and partitionings. */
  private static List<Transformation<?>> inputsThroughEdges(Transformation<?> t) {
    List<Transformation<?>> found = new ArrayList<>();
    Deque<Transformation<?>> todo = new ArrayDeque<>(t.getInputs());
    while (!todo.isEmpty()) {
      Transformation<?> in = todo.pop();
      if (in instanceof UnionTransformation<?> || in instanceof PartitionTransformation<?>) {
        todo.addAll(in.getInputs());
      } else {
        found.add(in);
      }
    }
    return found;
  }

  /** The graph's operators: unions, partitionings and side outputs are only edges. */
  private static Set<Transformation<?>> operators(StreamExecutionEnvironment env) {
    Set<Transformation<?>> seen = new HashSet<>();
    Deque<Transformation<?>> todo = new ArrayDeque<>(env.getTransformations());
    while (!todo.isEmpty()) {
      Transformation<?> t = todo.pop();
      if (seen.add(t)) {
        todo.addAll(t.getInputs());
      }
    }
    seen.removeIf(
        t ->
            t instanceof UnionTransformation
                || t instanceof PartitionTransformation
                || t instanceof SideOutputTransformation);
    return seen;
  }
}
