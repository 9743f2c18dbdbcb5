package io.fleetstream.deploy.sql;

import java.util.ArrayList;
import java.util.List;

/** Rows as a plain-text table: a header, a rule, columns padded to their widest cell. */
final class TextTable {

  private TextTable() {}

  static String of(List<String> columns, List<List<String>> rows) {
    List<Integer> widths = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      int w = columns.get(c).length();
      for (List<String> row : rows) {
        w = Math.max(w, row.get(c).length());
      }
      widths.add(w);
    }
    StringBuilder out = new StringBuilder();
    line(out, columns, widths);
    List<String> rule = new ArrayList<>();
    widths.forEach(w -> rule.add("-".repeat(w)));
    line(out, rule, widths);
    rows.forEach(r -> line(out, r, widths));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, List<Integer> widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        line.append("  ");
      }
      line.append(cells.get(c)).append(" ".repeat(widths.get(c) - cells.get(c).length()));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
