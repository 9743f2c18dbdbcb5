package io.fleetstream.routing.geocode.internal;

import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongIntHashMap;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderWay;
import com.graphhopper.reader.osm.OSMInputFile;
import com.graphhopper.reader.osm.SkipOptions;
import io.fleetstream.routing.road.internal.GraphLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;

/**
 * Reads the addresses and named streets of an OSM file in two passes, so that memory grows with the
 * nodes the index needs, not with all the nodes of the file: pass 1 reads the ways only and notes
 * which node ids they need, pass 2 reads the nodes only and keeps address nodes and those ids.
 *
 * <p>Relations are skipped: an address on a multipolygon building (a few per town) would need its
 * outer ways and their nodes, a third pass for little gain; its entrance node, when tagged, is
 * read.
 */
public final class OsmAddressReader {

  private final Path file;
  private final long maxAddresses;
  private final IndexBuilder index = new IndexBuilder();
  private long addresses;

  /** Needed node id → slot in {@link #lats}/{@link #lngs}, assigned in pass 1. */
  private final LongIntHashMap slots = new LongIntHashMap();

  private final List<PendingBuilding> buildings = new ArrayList<>();
  private final List<String> wayNames = new ArrayList<>();
  private final IntArrayList wayNodes = new IntArrayList();

  private double[] lats;
  private double[] lngs;

  private OsmAddressReader(Path file, long maxAddresses) {
    this.file = file;
    this.maxAddresses = maxAddresses;
  }

  /**
   * Reads the file into an index. Throws what GraphHopper's reader throws on a file it cannot read
   * (the caller names the file), and {@link TooManyAddresses} past {@code maxAddresses}.
   */
  public static AddressIndex read(Path file, long maxAddresses)
      throws IOException, XMLStreamException {
    OsmAddressReader reader = new OsmAddressReader(file, maxAddresses);
    reader.pass(new SkipOptions(true, false, true), reader::way);
    reader.lats = new double[reader.slots.size()];
    reader.lngs = new double[reader.slots.size()];
    Arrays.fill(reader.lats, Double.NaN);
    reader.pass(new SkipOptions(false, true, true), reader::node);
    reader.resolveWays();
    return reader.index.build();
  }

  private void pass(SkipOptions skip, Consumer<ReaderElement> handler)
      throws IOException, XMLStreamException {
    // GraphHopper's PBF parser is protobuf 3 generated code: see acceptLegacyPbfParser.
    GraphLoader.acceptLegacyPbfParser();
    OSMInputFile in = new OSMInputFile(file.toFile()).setWorkerThreads(1).setSkipOptions(skip);
    try {
      in.open();
      for (ReaderElement e = in.getNext(); e != null; e = in.getNext()) handler.accept(e);
    } finally {
      // Also where a failure of the parser thread surfaces ("Unable to read PBF file").
      in.close();
    }
  }

  private void way(ReaderElement e) {
    if (!(e instanceof ReaderWay way) || way.getNodes().isEmpty()) return;
    LongArrayList nodes = way.getNodes();
    String number = way.getTag("addr:housenumber");
    String street = way.getTag("addr:street");
    if (number != null && street != null) {
      // A closed outline repeats its first node last; counted twice it would pull the centroid.
      int n = nodes.size();
      if (n > 1 && nodes.get(0) == nodes.get(n - 1)) n--;
      int[] outline = new int[n];
      for (int i = 0; i < n; i++) outline[i] = slot(nodes.get(i));
      counted();
      buildings.add(
          new PendingBuilding(
              outline, number, street, way.getTag("addr:postcode"), way.getTag("addr:city")));
    }
    // Any named highway, footways and steps included: addresses are on pedestrian streets too.
    String name = way.getTag("name");
    if (name != null && way.getTag("highway") != null) {
      wayNames.add(name);
      wayNodes.add(slot(nodes.get(nodes.size() / 2)));
    }
  }

  private void node(ReaderElement e) {
    if (!(e instanceof ReaderNode node)) return;
    int slot = slots.getOrDefault(node.getId(), -1);
    if (slot >= 0) {
      lats[slot] = node.getLat();
      lngs[slot] = node.getLon();
    }
    String number = node.getTag("addr:housenumber");
    String street = node.getTag("addr:street");
    if (number != null && street != null) {
      counted();
      index.address(
          node.getLat(),
          node.getLon(),
          number,
          street,
          node.getTag("addr:postcode"),
          node.getTag("addr:city"));
    }
  }

  /**
   * Buildings at their centroid, streets at their middle node; nodes the file lacks are left out.
   */
  private void resolveWays() {
    for (PendingBuilding b : buildings) {
      double lat = 0;
      double lng = 0;
      int found = 0;
      for (int slot : b.outline()) {
        if (Double.isNaN(lats[slot])) continue;
        lat += lats[slot];
        lng += lngs[slot];
        found++;
      }
      if (found > 0) {
        index.address(lat / found, lng / found, b.number(), b.street(), b.postcode(), b.city());
      }
    }
    for (int i = 0; i < wayNames.size(); i++) {
      int slot = wayNodes.get(i);
      if (!Double.isNaN(lats[slot])) index.wayPoint(wayNames.get(i), lats[slot], lngs[slot]);
    }
  }

  /**
   * Stops reading a map whose addresses would not fit where they are to be kept (a country's
   * millions in a small heap), rather than running the process out of memory.
   */
  private void counted() {
    if (++addresses > maxAddresses) {
      throw new TooManyAddresses(maxAddresses);
    }
  }

  /** The map has more addresses than the reader was allowed to keep. */
  public static final class TooManyAddresses extends RuntimeException {
    TooManyAddresses(long max) {
      super("the map has more than " + max + " addresses, the most this process keeps");
    }
  }

  private int slot(long nodeId) {
    int slot = slots.getOrDefault(nodeId, -1);
    if (slot < 0) {
      slot = slots.size();
      slots.put(nodeId, slot);
    }
    return slot;
  }

  /** A building way with an address, waiting for its nodes' coordinates. */
  private record PendingBuilding(
      int[] outline, String number, String street, String postcode, String city) {}
}
