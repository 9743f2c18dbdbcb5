package io.fleetstream.routing.geocode;

import io.fleetstream.routing.geocode.internal.AddressIndex;
import io.fleetstream.routing.geocode.internal.OsmAddressReader;
import io.fleetstream.routing.road.RoadDataException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Geocodes addresses offline from an OpenStreetMap extract ({@code .osm.pbf}), the same file the
 * road network is built from, so a self-hosted stack needs no geocoding service.
 *
 * <p>It indexes what OSM tags say: nodes and ways with {@code addr:housenumber} and {@code
 * addr:street} (a way at its centroid), and highway ways with a {@code name}. A query's street is
 * matched by its normalized name (case, accents, punctuation and common abbreviations folded), the
 * house number exactly; a number the map lacks gives the nearest number on the street, a street
 * without numbers one of its points. City and postcode only choose between same-named streets. A
 * street name not found as written is matched to the one street it almost is (connecting words left
 * out, a slip or two in a long name), never guessed between two; there is no interpolation along
 * {@code addr:interpolation} lines.
 *
 * <p>Immutable once built: {@link #find} may be called from any number of threads.
 */
public final class Geocoder {

  private static final Logger LOG = LoggerFactory.getLogger(Geocoder.class);

  private final Path osmFile;
  private final AddressIndex index;

  private Geocoder(Path osmFile, AddressIndex index) {
    this.osmFile = osmFile;
    this.index = index;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The best point for the address, or empty when its street is not in the map or the query has no
   * street. Never throws: null, blank or garbled input gives empty.
   */
  public Optional<Geocoded> find(AddressQuery query) {
    if (query == null) return Optional.empty();
    try {
      return index.find(query.line(), query.city(), query.postalCode());
    } catch (RuntimeException e) {
      // A bug of ours on some odd input must not fail the caller's request: it gets "not found",
      // as documented, and the log says why.
      LOG.warn(
          "geocoding failed for an address line of {} characters (the address itself is not logged)",
          query.line() == null ? 0 : query.line().length(),
          e);
      return Optional.empty();
    }
  }

  /** House-numbered addresses indexed (nodes and ways with a number and a street). */
  public int addresses() {
    return index.addresses();
  }

  /** Distinct normalized street names indexed, from addresses and named highways alike. */
  public int streets() {
    return index.streets();
  }

  /** The file the index was read from. */
  public Path osmFile() {
    return osmFile;
  }

  /** Configures and builds a {@link Geocoder}. */
  public static final class Builder {

    private Path osmFile;
    private long maxAddresses = Long.MAX_VALUE;

    private Builder() {}

    /**
     * The most addresses to keep (about 600 bytes of heap each, building outlines included): a map
     * with more is refused with a {@link RoadDataException} saying so, instead of exhausting the
     * heap of the process that reads it. Unlimited by default.
     */
    public Builder maxAddresses(long max) {
      if (max < 1) throw new IllegalArgumentException("maxAddresses must be at least 1");
      this.maxAddresses = max;
      return this;
    }

    /** The {@code .osm.pbf} file to read (required). */
    public Builder osmFile(Path osmFile) {
      this.osmFile = Objects.requireNonNull(osmFile, "osmFile");
      return this;
    }

    /**
     * Reads the file (two passes; Monaco takes well under a second) and builds the index.
     *
     * @throws RoadDataException naming the file when it is missing, unreadable or not a readable
     *     OSM file
     * @throws IllegalStateException when no file was set
     */
    public Geocoder build() {
      if (osmFile == null) throw new IllegalStateException("osmFile is required");
      if (!Files.isRegularFile(osmFile) || !Files.isReadable(osmFile)) {
        throw new RoadDataException(
            "no readable OSM file " + osmFile + " to geocode from",
            new NoSuchFileException(osmFile.toString()));
      }
      long start = System.nanoTime();
      AddressIndex index;
      try {
        index = OsmAddressReader.read(osmFile, maxAddresses);
      } catch (OsmAddressReader.TooManyAddresses e) {
        throw new RoadDataException("cannot geocode from " + osmFile + ": " + e.getMessage(), e);
      } catch (Exception e) {
        // GraphHopper's reader says little about a damaged file (IllegalArgumentException for an
        // unknown header, "Unable to read PBF file." after a parser failure): say which file.
        throw new RoadDataException(
            "cannot read addresses from "
                + osmFile
                + " (corrupted or not an .osm.pbf file?): "
                + rootMessage(e),
            e);
      }
      LOG.info(
          "Geocoder read {} addresses and {} streets from {} in {} ms",
          index.addresses(),
          index.streets(),
          osmFile,
          (System.nanoTime() - start) / 1_000_000);
      return new Geocoder(osmFile, index);
    }

    private static String rootMessage(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) root = root.getCause();
      return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
  }
}
