package io.fleetstream.routing.solomon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** A whole benchmark run: settings, machine, rows and the summary figures. */
@JsonPropertyOrder({"format", "time_limit_ms", "seed", "threads", "machine", "rows", "summary"})
public record BenchmarkReport(
    String format,
    @JsonProperty("time_limit_ms") long timeLimitMs,
    long seed,
    int threads,
    String machine,
    List<BenchmarkRow> rows,
    List<Group> summary) {

  /**
   * The figures of one solver over a group of instances, counted the honest way: a gap is averaged
   * only over complete plans (feasible, nobody unassigned) at the best-known vehicle count — so a
   * plan that buys a shorter distance with an extra vehicle never pulls the average below zero —
   * and how often that count is reached is reported beside it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "complete",
    "bks_vehicle_matches",
    "gap_percent_at_bks_vehicles",
    "worst_gap_percent_at_bks_vehicles",
    "more_vehicles",
    "fewer_vehicles",
    "cpu_s"
  })
  public record Figures(
      int complete,
      @JsonProperty("bks_vehicle_matches") int bksVehicleMatches,
      @JsonProperty("gap_percent_at_bks_vehicles") Double gapAtBksVehicles,
      @JsonProperty("worst_gap_percent_at_bks_vehicles") Double worstGapAtBksVehicles,
      @JsonProperty("more_vehicles") int moreVehicles,
      @JsonProperty("fewer_vehicles") int fewerVehicles,
      @JsonProperty("cpu_s") double cpuSeconds) {

    static Figures of(List<BenchmarkRow> rows, Function<BenchmarkRow, BenchmarkRow.Result> which) {
      int complete = 0;
      int more = 0;
      int fewer = 0;
      long cpu = 0;
      List<Double> gaps = new ArrayList<>();
      for (BenchmarkRow row : rows) {
        BenchmarkRow.Result r = which.apply(row);
        if (r == null) continue;
        cpu += r.cpuMs();
        if (!r.complete()) continue;
        complete++;
        if (row.bksVehicles() == null) continue;
        if (r.vehicles() > row.bksVehicles()) more++;
        else if (r.vehicles() < row.bksVehicles()) fewer++;
        else if (r.gapPercent() != null) gaps.add(r.gapPercent());
      }
      Double avg = gaps.isEmpty() ? null : gaps.stream().mapToDouble(d -> d).average().orElse(0);
      Double worst = gaps.isEmpty() ? null : gaps.stream().mapToDouble(d -> d).max().orElse(0);
      return new Figures(complete, gaps.size(), avg, worst, more, fewer, cpu / 1000.0);
    }
  }

  /** A named group of rows ({@code all}, {@code held out}, a family) and each solver's figures. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"group", "instances", "ours", "peer"})
  public record Group(String group, int instances, Figures ours, Figures peer) {

    static Group of(String name, List<BenchmarkRow> rows) {
      boolean peers = rows.stream().anyMatch(r -> r.peer() != null);
      return new Group(
          name,
          rows.size(),
          Figures.of(rows, BenchmarkRow::ours),
          peers ? Figures.of(rows, BenchmarkRow::peer) : null);
    }
  }

  /** The summary groups: all rows, held-out and tuning rows when both occur, then each family. */
  public static List<Group> summarize(List<BenchmarkRow> rows) {
    List<Group> groups = new ArrayList<>();
    groups.add(Group.of("all", rows));
    List<BenchmarkRow> held = filter(rows, BenchmarkRow::heldOut);
    if (!held.isEmpty() && held.size() < rows.size()) {
      groups.add(Group.of("held out", held));
      groups.add(Group.of("tuning", filter(rows, r -> !r.heldOut())));
    }
    TreeMap<String, List<BenchmarkRow>> families = new TreeMap<>();
    for (BenchmarkRow r : rows) families.computeIfAbsent(r.family(), f -> new ArrayList<>()).add(r);
    if (families.size() > 1) families.forEach((f, rs) -> groups.add(Group.of(f, rs)));
    return groups;
  }

  private static List<BenchmarkRow> filter(List<BenchmarkRow> rows, Predicate<BenchmarkRow> p) {
    return rows.stream().filter(p).toList();
  }

  /** The table as fixed-width text, one row per instance, then one line per summary group. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    boolean peers = rows.stream().anyMatch(r -> r.peer() != null);
    sb.append(
        String.format(
            Locale.ROOT,
            "%-10s %-5s %5s %10s %4s %10s %7s %7s %7s %5s %3s",
            "instance",
            "set",
            "bksV",
            "bks",
            "veh",
            "distance",
            "gap%",
            "time_s",
            "cpu_s",
            "heapM",
            "ok"));
    if (peers)
      sb.append(
          String.format(
              Locale.ROOT,
              " | %-8s %4s %10s %7s %7s %3s",
              "peer",
              "veh",
              "distance",
              "gap%",
              "cpu_s",
              "ok"));
    sb.append('\n');
    for (BenchmarkRow r : rows) {
      BenchmarkRow.Result o = r.ours();
      sb.append(
          String.format(
              Locale.ROOT,
              "%-10s %-5s %5s %10s %4d %10.2f %7s %7.2f %7.2f %5d %3s",
              r.instance(),
              r.heldOut() ? "held" : "tune",
              r.bksVehicles() == null ? "-" : r.bksVehicles().toString(),
              r.bksDistance() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.bksDistance()),
              o.vehicles(),
              o.distance(),
              fmt(o.gapPercent()),
              o.elapsedMs() / 1000.0,
              o.cpuMs() / 1000.0,
              r.heapPeakMib(),
              o.complete() ? "yes" : "NO"));
      BenchmarkRow.Result p = r.peer();
      if (p != null && p.error() != null) {
        sb.append(" | ").append(p.solver()).append(" failed: ").append(p.error());
      } else if (p != null) {
        sb.append(
            String.format(
                Locale.ROOT,
                " | %-8s %4d %10.2f %7s %7.2f %3s",
                p.solver(),
                p.vehicles(),
                p.distance(),
                fmt(p.gapPercent()),
                p.cpuMs() / 1000.0,
                p.complete() ? "yes" : "NO"));
      }
      sb.append('\n');
    }
    for (Group g : summary) {
      sb.append(line(g.group(), g.instances(), "ours", g.ours()));
      if (g.peer() != null) sb.append(line(g.group(), g.instances(), peerName(), g.peer()));
    }
    return sb.toString();
  }

  private String peerName() {
    return rows.stream()
        .map(BenchmarkRow::peer)
        .filter(Objects::nonNull)
        .map(BenchmarkRow.Result::solver)
        .findFirst()
        .orElse("peer");
  }

  private static String line(String group, int n, String solver, Figures f) {
    return String.format(
        Locale.ROOT,
        "%-9s %-8s BKS vehicles on %d/%d, gap there %s %% (worst %s %%); complete %d/%d,"
            + " more vehicles %d, fewer %d; %.1f CPU-s%n",
        group,
        solver,
        f.bksVehicleMatches(),
        n,
        fmt(f.gapAtBksVehicles()),
        fmt(f.worstGapAtBksVehicles()),
        f.complete(),
        n,
        f.moreVehicles(),
        f.fewerVehicles(),
        f.cpuSeconds());
  }

  private static String fmt(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.2f", d);
  }
}
