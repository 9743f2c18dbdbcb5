package io.fleetstream.deploy.sim;

import io.fleetstream.schemas.events.GeoPoint;
import java.util.List;
import java.util.Random;

/** Street addresses in Monaco (the bundled map): where simulated jobs happen and drivers start. */
final class MonacoPlaces {

  static final List<GeoPoint> PLACES =
      List.of(
          new GeoPoint(43.7396, 7.4276, "Place du Casino"),
          new GeoPoint(43.7308, 7.4253, "Avenue Saint-Martin"),
          new GeoPoint(43.7314, 7.4197, "Place du Palais"),
          new GeoPoint(43.7460, 7.4369, "Avenue Princesse Grace"),
          new GeoPoint(43.7276, 7.4156, "Avenue des Castelans"),
          new GeoPoint(43.7313, 7.4130, "Boulevard du Jardin Exotique"),
          new GeoPoint(43.7437, 7.4306, "Avenue Princesse Grace, Grimaldi Forum"),
          new GeoPoint(43.7345, 7.4245, "Quai Albert Ier"),
          new GeoPoint(43.7388, 7.4213, "Place Sainte-Dévote"),
          new GeoPoint(43.7292, 7.4175, "Quai Jean-Charles Rey"),
          new GeoPoint(43.7420, 7.4290, "Boulevard des Moulins"),
          new GeoPoint(43.7372, 7.4218, "Boulevard Albert Ier"),
          new GeoPoint(43.7366, 7.4180, "Boulevard de Belgique"),
          new GeoPoint(43.7408, 7.4248, "Boulevard Princesse Charlotte"),
          new GeoPoint(43.7448, 7.4322, "Avenue de la Costa"),
          new GeoPoint(43.7353, 7.4203, "Rue Grimaldi"),
          new GeoPoint(43.7297, 7.4139, "Avenue de Fontvieille"),
          new GeoPoint(43.7383, 7.4270, "Avenue des Spélugues"),
          new GeoPoint(43.7470, 7.4345, "Avenue de la Madone"),
          new GeoPoint(43.7335, 7.4165, "Boulevard Charles III"));

  private MonacoPlaces() {}

  /** A place, a few tens of metres off its street point so jobs do not stack on one spot. */
  static GeoPoint near(Random random) {
    GeoPoint base = PLACES.get(random.nextInt(PLACES.size()));
    return new GeoPoint(
        base.lat() + (random.nextDouble() - 0.5) * 0.0006,
        base.lng() + (random.nextDouble() - 0.5) * 0.0008,
        base.address());
  }
}
