package io.fleetstream.routing.solomon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Li & Lim PDPTW text format: a first line {@code vehicles capacity speed}, then one row
 * per task — number, x, y, demand, ready time, due date, service time, pickup index, delivery
 * index. Task 0 is the depot. A pickup row has pickup index 0 and names its delivery; a delivery
 * row names its pickup and has delivery index 0; the two must name each other and carry opposite
 * demands. The instance is named after the file (the format has no name line).
 */
public final class LiLimReader {

  private LiLimReader() {}

  public static LiLimInstance read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.io.FileNotFoundException("no such Li & Lim file: " + file);
    }
    String fileName = file.getFileName().toString();
    String name =
        fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    return parse(Files.readString(file, StandardCharsets.ISO_8859_1), name, fileName);
  }

  /** Parses file content; {@code source} names it in error messages. */
  public static LiLimInstance parse(String content, String name, String source) {
    String[] lines = content.split("\\R");
    int vehicles = -1;
    int capacity = -1;
    SolomonCustomer depot = null;
    List<SolomonCustomer> tasks = new ArrayList<>();
    Map<Integer, int[]> links =
        new LinkedHashMap<>(); // number -> {pickup index, delivery index, line}
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) continue;
      String[] f = line.split("\\s+");
      try {
        if (vehicles < 0) {
          if (f.length != 3)
            throw SolomonReader.error(source, i, "expected 'vehicles capacity speed'");
          vehicles = Integer.parseInt(f[0]);
          capacity = Integer.parseInt(f[1]);
          if (vehicles <= 0 || capacity <= 0)
            throw SolomonReader.error(source, i, "vehicles and capacity must be positive");
          if (vehicles > SolomonReader.MAX_VEHICLES)
            throw SolomonReader.error(
                source, i, vehicles + " vehicles; at most " + SolomonReader.MAX_VEHICLES);
          if (Double.parseDouble(f[2]) != 1)
            throw SolomonReader.error(
                source, i, "speed " + f[2] + " not supported (travel time = distance)");
          continue;
        }
        if (f.length != 9)
          throw SolomonReader.error(source, i, "expected 9 columns, found " + f.length);
        SolomonCustomer c =
            new SolomonCustomer(
                Integer.parseInt(f[0]),
                SolomonReader.number(f[1]),
                SolomonReader.number(f[2]),
                Integer.parseInt(f[3]),
                SolomonReader.number(f[4]),
                SolomonReader.number(f[5]),
                SolomonReader.number(f[6]));
        if (c.due() < c.ready()) throw SolomonReader.error(source, i, "due date before ready time");
        if (c.service() < 0) throw SolomonReader.error(source, i, "negative service time");
        if (links.containsKey(c.number()) || (depot != null && c.number() == 0))
          throw SolomonReader.error(source, i, "duplicate task " + c.number());
        if (depot == null) {
          if (c.number() != 0)
            throw SolomonReader.error(source, i, "the first task must be depot 0");
          depot = c;
          continue;
        }
        links.put(c.number(), new int[] {Integer.parseInt(f[7]), Integer.parseInt(f[8]), i});
        tasks.add(c);
      } catch (NumberFormatException e) {
        throw SolomonReader.error(source, i, "not a number: " + e.getMessage());
      }
    }
    if (vehicles < 0) throw new SolomonFormatException(source + ": empty file");
    if (depot == null || tasks.isEmpty())
      throw new SolomonFormatException(source + ": no tasks after the depot");
    return new LiLimInstance(name, vehicles, capacity, depot, tasks, pairs(source, tasks, links));
  }

  private static List<BenchmarkInstance.Pair> pairs(
      String source, List<SolomonCustomer> tasks, Map<Integer, int[]> links) {
    Map<Integer, SolomonCustomer> byNumber = new LinkedHashMap<>();
    for (SolomonCustomer c : tasks) byNumber.put(c.number(), c);
    List<BenchmarkInstance.Pair> pairs = new ArrayList<>();
    for (SolomonCustomer c : tasks) {
      int[] l = links.get(c.number());
      int pickup = l[0];
      int delivery = l[1];
      int line = l[2];
      if ((pickup == 0) == (delivery == 0))
        throw SolomonReader.error(
            source, line, "task " + c.number() + " must name exactly one partner");
      int partner = pickup == 0 ? delivery : pickup;
      int[] other = links.get(partner);
      if (other == null)
        throw SolomonReader.error(source, line, "task " + c.number() + " names no task " + partner);
      boolean isPickup = pickup == 0;
      if ((isPickup ? other[0] : other[1]) != c.number())
        throw SolomonReader.error(
            source, line, "task " + partner + " does not name task " + c.number() + " back");
      if (!isPickup) continue;
      SolomonCustomer d = byNumber.get(delivery);
      if (c.demand() < 0 || d.demand() != -c.demand())
        throw SolomonReader.error(
            source,
            line,
            "pickup " + c.number() + " demand " + c.demand() + ", delivery " + d.demand());
      pairs.add(new BenchmarkInstance.Pair(c.number(), delivery));
    }
    return pairs;
  }
}
