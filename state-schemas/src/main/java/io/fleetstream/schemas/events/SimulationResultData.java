package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * The answer to a what-if: the zone's current plan and the scenario's plan, each with its figures,
 * and the jobs that would change driver.
 *
 * @param status {@code completed} or {@code failed} (then {@code error} says why)
 * @param current the zone's live routes as they stand, scheduled from now
 * @param scenario the plan the solver found for the changed zone
 * @param moves jobs on a different driver (or none) in the scenario than now
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SimulationResultData(
    String runId,
    String zone,
    String status,
    String objective,
    Outcome current,
    Outcome scenario,
    List<Move> moves,
    String metric,
    Long elapsedMs,
    String error,
    Instant completedAt)
    implements EventData {

  public SimulationResultData {
    moves = moves == null ? List.of() : List.copyOf(moves);
  }

  /**
   * A plan's figures. {@code onTimePct} is the share of all the plan's jobs served within their
   * windows (a job without a window is on time when served; an unassigned job is not).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Kpis(
      int jobs,
      int assigned,
      int unassigned,
      int onTime,
      int late,
      double onTimePct,
      double km,
      double routeMinutes,
      double overtimeMinutes,
      int driversUsed) {}

  /** A job served after its window closes, and by how much. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Late(String jobId, String driverId, long lateS) {}

  /** One plan: its figures, routes, unassigned jobs and late jobs. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Outcome(
      Kpis kpis, List<PlanRoute> routes, List<UnassignedJob> unassigned, List<Late> late) {
    public Outcome {
      routes = routes == null ? List.of() : List.copyOf(routes);
      unassigned = unassigned == null ? List.of() : List.copyOf(unassigned);
      late = late == null ? List.of() : List.copyOf(late);
    }
  }

  /** A job whose driver differs between the current plan and the scenario (null: nobody). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Move(String jobId, String fromDriverId, String toDriverId) {}
}
