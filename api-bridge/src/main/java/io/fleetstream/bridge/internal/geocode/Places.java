package io.fleetstream.bridge.internal.geocode;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.routing.geocode.AddressQuery;
import io.fleetstream.routing.geocode.Geocoded;
import io.fleetstream.routing.geocode.Geocoder;
import io.fleetstream.routing.road.RoadNetwork;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's address book: the map's addresses and streets, read in the background at start-up (a
 * country-sized extract takes a while; the bridge serves everything else meanwhile).
 */
public final class Places {

  private static final Logger LOG = LoggerFactory.getLogger(Places.class);

  /** Heap one indexed address takes, building outline included (Liechtenstein: ~520). */
  private static final long BYTES_PER_ADDRESS = 600;

  /** Why an address cannot be looked up now. */
  public enum Unavailable {
    /** Turned off by configuration: addresses need coordinates. */
    OFF,
    /** Still reading the map: retry shortly. */
    LOADING,
    /** The map could not be read (the log and {@link #failure()} say why). */
    FAILED
  }

  private final CompletableFuture<Geocoder> geocoder;
  private final String mapName;

  private Places(CompletableFuture<Geocoder> geocoder, String mapName) {
    this.geocoder = geocoder;
    this.mapName = mapName;
  }

  /** Starts reading the configured map in the background; nothing when geocoding is off. */
  public static Places start(BridgeConfig.Geocoding settings, Path dataDir) {
    if (!settings.enabled()) {
      return new Places(null, null);
    }
    Path map = settings.osmFile() != null ? settings.osmFile() : RoadNetwork.embeddedMap(dataDir);
    // Half the heap at most, at about 600 bytes an address: a city or a small country fits the
    // default bridge heap; a larger map is refused with a message, not read until the heap is gone.
    long maxAddresses = Runtime.getRuntime().maxMemory() / 2 / BYTES_PER_ADDRESS;
    // A thread of its own, not the common pool: a large map keeps it busy for a while.
    CompletableFuture<Geocoder> loading = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                loading.complete(
                    Geocoder.builder().osmFile(map).maxAddresses(maxAddresses).build());
              } catch (RuntimeException | Error e) {
                loading.completeExceptionally(e);
              }
            },
            "geocoder-map-reader");
    reader.setDaemon(true);
    reader.start();
    loading.whenComplete(
        (g, e) -> {
          if (e != null) {
            LOG.error(
                "geocoding unavailable: cannot read {} (a larger map needs a larger bridge heap;"
                    + " geocoding.osm_file=off turns geocoding off)",
                map,
                e);
          }
        });
    return new Places(loading, map.getFileName().toString());
  }

  /** A book that is already loaded (tests). */
  public static Places of(Geocoder geocoder) {
    return new Places(
        CompletableFuture.completedFuture(geocoder), geocoder.osmFile().getFileName().toString());
  }

  /** Empty when ready; else why no address can be looked up now. */
  public Optional<Unavailable> unavailable() {
    if (geocoder == null) {
      return Optional.of(Unavailable.OFF);
    }
    if (!geocoder.isDone()) {
      return Optional.of(Unavailable.LOADING);
    }
    return geocoder.isCompletedExceptionally() ? Optional.of(Unavailable.FAILED) : Optional.empty();
  }

  /**
   * Why an address cannot be placed right now (off, loading or failed), ending with what to send
   * instead, e.g. {@code "latitude and longitude"}: one wording for every API that places
   * addresses.
   */
  public String whyNot(String coordinates) {
    return switch (unavailable().orElseThrow()) {
      case OFF ->
          "addresses are not looked up on this stack (geocoding.osm_file=off); send " + coordinates;
      case LOADING ->
          "the map's addresses are still being read; retry in a few seconds, or send "
              + coordinates;
      case FAILED ->
          "the map's addresses could not be read (" + failure() + "); send " + coordinates;
    };
  }

  /**
   * Why {@code address} was not placed: it is not on this map, named as users passed it. One
   * wording for every API that places addresses; each adds what to send instead.
   */
  public String notOnMap(String address) {
    return "'"
        + address
        + "' is not on this stack's map ("
        + mapName
        + "): check the street's name";
  }

  /** What reading the map failed with, for the error message. */
  public String failure() {
    return geocoder
        .handle((g, e) -> e == null ? "" : rootMessage(e))
        .getNow("still reading the map");
  }

  /** The map's file name, as users passed it (for messages). */
  public String mapName() {
    return mapName;
  }

  /** The address found on the map; call only when {@link #unavailable()} is empty. */
  public Optional<Geocoded> find(String line, String city, String postalCode) {
    return geocoder.join().find(new AddressQuery(line, city, postalCode));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
