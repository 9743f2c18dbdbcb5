package io.fleetstream.deploy.bench;

import io.fleetstream.deploy.bridge.EventStreamBenchmark;
import io.fleetstream.deploy.functions.WebhookBenchmark;
import io.fleetstream.routing.solomon.BenchmarkReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Pictures of benchmark results (PNG). */
public final class Charts {

  private Charts() {}

  /** Re-optimization time (matrix and search) against the zone's size. */
  public static void reoptimizationCurve(List<ReoptimizationCurve.Point> points, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    double[] jobs = points.stream().mapToDouble(ReoptimizationCurve.Point::jobs).toArray();
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title(
                "Re-optimizing a zone on Monaco roads (one solver thread, warm start, production budget)")
            .xAxisTitle("jobs in the zone (drivers = jobs / 10)")
            .yAxisTitle("milliseconds")
            .build();
    chart
        .addSeries(
            "total (matrix + search)",
            jobs,
            points.stream().mapToDouble(ReoptimizationCurve.Point::totalMs).toArray())
        .setMarker(SeriesMarkers.CIRCLE);
    chart
        .addSeries(
            "road matrix",
            jobs,
            points.stream().mapToDouble(ReoptimizationCurve.Point::matrixMs).toArray())
        .setMarker(SeriesMarkers.DIAMOND);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Offered vs achieved telemetry rate, and latency percentiles, against the offered rate. */
  public static void streamSweep(List<StreamBenchResult> results, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double[] offered = results.stream().mapToDouble(StreamBenchResult::rate).toArray();
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title("Telemetry through Kafka and the dispatch job (2 cores, exactly once)")
            .xAxisTitle("offered telemetry events/s")
            .yAxisTitle("events/s")
            .build();
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    chart.setYAxisGroupTitle(0, "events/s");
    chart.setYAxisGroupTitle(1, "latency, ms (read_committed)");
    chart.addSeries("offered", offered, offered).setMarker(SeriesMarkers.NONE);
    chart
        .addSeries(
            "achieved",
            offered,
            results.stream().mapToDouble(StreamBenchResult::achievedRate).toArray())
        .setMarker(SeriesMarkers.CIRCLE);
    XYSeries p50 =
        chart.addSeries(
            "p50 latency",
            offered,
            results.stream().mapToDouble(StreamBenchResult::p50Ms).toArray());
    p50.setYAxisGroup(1);
    XYSeries p99 =
        chart.addSeries(
            "p99 latency",
            offered,
            results.stream().mapToDouble(StreamBenchResult::p99Ms).toArray());
    p99.setYAxisGroup(1);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * A run second by second, its warm-up included: pings sent and their driver-state outputs read
   * back (committed), per second. Where the second line stays under the first, the job is behind.
   */
  public static void streamTimeline(List<StreamBenchmark.Second> seconds, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title("One run, second by second (each phase counts its own pings)")
            .xAxisTitle("seconds since the warm-up began")
            .yAxisTitle("per second")
            .build();
    // A series per phase, so the wait for a phase's outputs between two phases is a gap.
    Map<String, List<StreamBenchmark.Second>> phases = new LinkedHashMap<>();
    seconds.forEach(s -> phases.computeIfAbsent(s.phase(), k -> new ArrayList<>()).add(s));
    phases.forEach(
        (phase, list) -> {
          int n = list.size();
          double[] at = new double[n];
          double[] sent = new double[n];
          double[] back = new double[n];
          for (int i = 0; i < n; i++) {
            StreamBenchmark.Second s = list.get(i);
            StreamBenchmark.Second before = i == 0 ? null : list.get(i - 1);
            double span = before == null ? 1 : Math.max(1e-3, s.atS() - before.atS());
            at[i] = s.atS();
            sent[i] = (s.sent() - (before == null ? 0 : before.sent())) / span;
            back[i] = (s.back() - (before == null ? 0 : before.back())) / span;
          }
          chart.addSeries("pings sent, " + phase, at, sent).setMarker(SeriesMarkers.NONE);
          chart.addSeries("outputs read back, " + phase, at, back).setMarker(SeriesMarkers.NONE);
        });
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Webhook delivery latency percentiles per run (fast endpoints only). */
  public static void webhookLatency(List<WebhookBenchmark.Scenario> scenarios, Path png)
      throws IOException {
    CategoryChart chart =
        bars(
            "Webhook event on Kafka to the receiver (fast endpoints; 2 cores)",
            "run",
            "milliseconds");
    List<String> names =
        scenarios.stream()
            .map(
                s ->
                    s.name()
                        + ": "
                        + s.fastEndpoints()
                        + (s.slowEndpoint() ? " fast + 1 slow" : " fast"))
            .toList();
    chart.addSeries("p50", names, scenarios.stream().map(s -> (Number) s.p50Ms()).toList());
    chart.addSeries("p99", names, scenarios.stream().map(s -> (Number) s.p99Ms()).toList());
    chart.addSeries("max", names, scenarios.stream().map(s -> (Number) s.maxMs()).toList());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * What each seed's day cost live, re-planned at each arrival and in hindsight, with the live
   * ratio in the category's name.
   */
  public static void onlineCosts(List<OnlineBenchmark.SeedResult> seeds, Path png)
      throws IOException {
    CategoryChart chart =
        bars(
            "Live decisions vs the same day re-planned as it comes and in hindsight (lower is"
                + " better)",
            "seed",
            "driving minutes + 60 per job late or unserved");
    List<String> names =
        seeds.stream()
            .map(s -> String.format("seed %d: %.2f x, late %d", s.seed(), s.ratio(), s.lateLive()))
            .toList();
    chart.addSeries("live", names, seeds.stream().map(s -> (Number) s.liveCost()).toList());
    chart.addSeries(
        "re-planned at each arrival",
        names,
        seeds.stream().map(s -> (Number) s.replannedCost()).toList());
    chart.addSeries(
        "hindsight", names, seeds.stream().map(s -> (Number) s.hindsightCost()).toList());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Event on Kafka to the SSE clients, second by second: p50, p99 and max of the deliveries. */
  public static void eventStreamLatency(EventStreamBenchmark.Result r, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title(
                String.format(
                    "Event on Kafka to %,d SSE clients (%d events/s, %d cores)",
                    r.clients(), (int) r.eventsPerSecond(), r.cores()))
            .xAxisTitle("seconds into the measured run")
            .yAxisTitle("milliseconds")
            .build();
    double[] at = r.seconds().stream().mapToDouble(EventStreamBenchmark.Second::atS).toArray();
    Map<String, java.util.function.ToDoubleFunction<EventStreamBenchmark.Second>> series =
        new LinkedHashMap<>();
    series.put("p50", EventStreamBenchmark.Second::p50Ms);
    series.put("p99", EventStreamBenchmark.Second::p99Ms);
    series.put("max", EventStreamBenchmark.Second::maxMs);
    series.forEach(
        (name, value) ->
            chart
                .addSeries(name, at, r.seconds().stream().mapToDouble(value).toArray())
                .setMarker(SeriesMarkers.NONE));
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * A benchmark over instance files, family by family: the gap at the best-known vehicle count for
   * us and the peer, with how often each reached that count in the category's name.
   */
  public static void instanceBenchmark(BenchmarkReport report, String instances, Path png)
      throws IOException {
    List<BenchmarkReport.Group> groups =
        report.summary().size() == 1
            ? report.summary()
            : report.summary().stream().filter(g -> !g.group().equals("all")).toList();
    boolean peer = groups.stream().anyMatch(g -> g.peer() != null);
    CategoryChart chart =
        bars(
            String.format(
                "%s, %d s per instance, %d search thread(s): gap at the best-known vehicle count",
                instances, report.timeLimitMs() / 1000, report.threads()),
            "group: instances at the best-known vehicle count, ours"
                + (peer ? " | OR-Tools" : "")
                + " (each gap is averaged over those only)",
            "gap % (lower is better)");
    chart.getStyler().setXAxisLabelRotation(30);
    List<String> names =
        groups.stream()
            .map(
                g ->
                    g.group()
                        + ": "
                        + g.ours().bksVehicleMatches()
                        + (peer ? " | " + g.peer().bksVehicleMatches() : "")
                        + " of "
                        + g.instances())
            .toList();
    chart.addSeries("fleetstream", names, gaps(groups, BenchmarkReport.Group::ours));
    if (peer) chart.addSeries("OR-Tools", names, gaps(groups, BenchmarkReport.Group::peer));
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Gaps at the best-known count, 0 where a solver never reached it (the name tells the count). */
  private static List<Number> gaps(
      List<BenchmarkReport.Group> groups,
      Function<BenchmarkReport.Group, BenchmarkReport.Figures> which) {
    return groups.stream()
        .map(which)
        .map(f -> (Number) (f == null || f.gapAtBksVehicles() == null ? 0 : f.gapAtBksVehicles()))
        .toList();
  }

  /** A bar chart of the size every benchmark picture has. */
  private static CategoryChart bars(String title, String xAxis, String yAxis) {
    System.setProperty("java.awt.headless", "true");
    return new CategoryChartBuilder()
        .width(900)
        .height(520)
        .title(title)
        .xAxisTitle(xAxis)
        .yAxisTitle(yAxis)
        .build();
  }
}
