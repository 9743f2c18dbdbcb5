package io.fleetstream.routing.solomon;

import io.fleetstream.routing.model.Problem;
import io.fleetstream.routing.model.RouteStop;
import io.fleetstream.routing.model.StopRef;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A classic benchmark instance on the plane — Solomon or Gehring–Homberger VRPTW, Li & Lim PDPTW: a
 * depot, a homogeneous fleet, tasks numbered as in the file, travel time equal to Euclidean
 * distance. Solvers, the checker and peers all see it through our {@link Problem}; plans go back to
 * the file's task numbers through {@link #taskNumber} and {@link #stopRef}.
 */
public interface BenchmarkInstance {

  /** A pickup task and the delivery task it must precede on the same vehicle. */
  record Pair(int pickup, int delivery) {}

  String name();

  int vehicles();

  int capacity();

  SolomonCustomer depot();

  /** Every task (customer, pickup or delivery) in file order, without the depot. */
  List<SolomonCustomer> tasks();

  /** The pickup-and-delivery pairs; empty for a VRPTW instance. */
  List<Pair> pairs();

  /** Our problem model: drivers {@code v1..vN} at the depot, one job per customer or pair. */
  Problem toProblem();

  /** The file's number of the task a stop of our plan visits. */
  int taskNumber(RouteStop stop);

  /** The stop of our problem that a task number of the file names. */
  StopRef stopRef(int taskNumber);

  /**
   * The instance's family, the unit benchmark tables are summarised by: {@code C1}, {@code RC2},
   * {@code LR1}… — the leading letters and the series digit of the name ({@code C101}, {@code
   * rc2_4_3}, {@code lr1_2_1}).
   */
  default String family() {
    return familyOf(name());
  }

  /** See {@link #family()}; the whole name upper-cased when it does not look like a family name. */
  static String familyOf(String name) {
    Matcher m = FAMILY.matcher(name.toUpperCase(Locale.ROOT));
    return m.lookingAt() ? m.group(1) : name.toUpperCase(Locale.ROOT);
  }

  Pattern FAMILY = Pattern.compile("([A-Z]+[0-9])");
}
