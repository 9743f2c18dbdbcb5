package io.fleetstream.routing.solomon;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Locale;

/** A whole benchmark run: settings, machine, rows and the summary figures. */
@JsonPropertyOrder({"time_limit_ms", "seed", "threads", "machine", "rows", "summary"})
public record BenchmarkReport(
    @JsonProperty("time_limit_ms") long timeLimitMs,
    long seed,
    int threads,
    String machine,
    List<BenchmarkRow> rows,
    Summary summary) {

  /** Averages over the rows that have a best-known solution. */
  @JsonPropertyOrder({
    "instances",
    "feasible",
    "average_gap_percent",
    "bks_vehicle_matches",
    "average_gap_percent_at_bks_vehicles",
    "peer_average_gap_percent",
    "peer_bks_vehicle_matches"
  })
  public record Summary(
      int instances,
      int feasible,
      @JsonProperty("average_gap_percent") Double averageGapPercent,
      @JsonProperty("bks_vehicle_matches") int bksVehicleMatches,
      @JsonProperty("average_gap_percent_at_bks_vehicles") Double averageGapAtBksVehicles,
      @JsonProperty("peer_average_gap_percent") Double peerAverageGapPercent,
      @JsonProperty("peer_bks_vehicle_matches") Integer peerBksVehicleMatches) {

    static Summary of(List<BenchmarkRow> rows) {
      int feasible = (int) rows.stream().filter(BenchmarkRow::feasible).count();
      Double avg = average(rows.stream().map(BenchmarkRow::gapPercent).toList());
      int matches = (int) rows.stream().filter(BenchmarkRow::matchesBksVehicles).count();
      Double avgMatch =
          average(
              rows.stream()
                  .filter(BenchmarkRow::matchesBksVehicles)
                  .map(BenchmarkRow::gapPercent)
                  .toList());
      List<BenchmarkRow.PeerRow> peers =
          rows.stream().map(BenchmarkRow::peer).filter(p -> p != null).toList();
      Double peerAvg =
          peers.isEmpty()
              ? null
              : average(peers.stream().map(BenchmarkRow.PeerRow::gapPercent).toList());
      Integer peerMatches = null;
      if (!peers.isEmpty()) {
        peerMatches =
            (int)
                rows.stream()
                    .filter(
                        r ->
                            r.peer() != null
                                && r.bksVehicles() != null
                                && r.peer().error() == null
                                && r.peer().vehicles() == r.bksVehicles())
                    .count();
      }
      return new Summary(rows.size(), feasible, avg, matches, avgMatch, peerAvg, peerMatches);
    }

    private static Double average(List<Double> values) {
      List<Double> v = values.stream().filter(x -> x != null).toList();
      return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
  }

  /** The table as fixed-width text (instance, vehicles, distance, BKS, gap %, time). */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    boolean peers = rows.stream().anyMatch(r -> r.peer() != null);
    sb.append(
        String.format(
            Locale.ROOT,
            "%-8s %4s %10s %4s %10s %7s %7s %5s",
            "instance",
            "veh",
            "distance",
            "bksV",
            "bks",
            "gap%",
            "time_s",
            "ok"));
    if (peers)
      sb.append(
          String.format(
              Locale.ROOT,
              " | %-8s %4s %10s %7s %7s",
              "peer",
              "veh",
              "distance",
              "gap%",
              "time_s"));
    sb.append('\n');
    for (BenchmarkRow r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-8s %4d %10.2f %4s %10s %7s %7.2f %5s",
              r.instance(),
              r.vehicles(),
              r.distance(),
              r.bksVehicles() == null ? "-" : r.bksVehicles().toString(),
              r.bksDistance() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.bksDistance()),
              r.gapPercent() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.gapPercent()),
              r.elapsedMs() / 1000.0,
              r.feasible() && r.unassigned() == 0 ? "yes" : "NO"));
      if (r.peer() != null) {
        BenchmarkRow.PeerRow p = r.peer();
        if (p.error() != null) {
          sb.append(" | ").append(p.solver()).append(" failed: ").append(p.error());
        } else {
          sb.append(
              String.format(
                  Locale.ROOT,
                  " | %-8s %4d %10.2f %7s %7.2f",
                  p.solver(),
                  p.vehicles(),
                  p.distance(),
                  p.gapPercent() == null ? "-" : String.format(Locale.ROOT, "%.2f", p.gapPercent()),
                  p.elapsedMs() / 1000.0));
        }
      }
      sb.append('\n');
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%d instances, %d feasible, average gap %s %%, BKS vehicle count on %d/%d (gap there %s %%)",
            summary.instances(),
            summary.feasible(),
            fmt(summary.averageGapPercent()),
            summary.bksVehicleMatches(),
            summary.instances(),
            fmt(summary.averageGapAtBksVehicles())));
    if (summary.peerAverageGapPercent() != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%npeer: average gap %s %%, BKS vehicle count on %d/%d",
              fmt(summary.peerAverageGapPercent()),
              summary.peerBksVehicleMatches(),
              summary.instances()));
    }
    sb.append('\n');
    return sb.toString();
  }

  private static String fmt(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.2f", d);
  }
}
