package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An amount of goods, or what a vehicle can carry, in the three dimensions fleets measure: a
 * dimension left out is not constrained (a job without a weight fits any weight limit; a vehicle
 * without one carries any weight). Added in job and driver events version 2.
 *
 * @param weightKg kilograms
 * @param volumeM3 cubic metres
 * @param count items (parcels, pallets, seats)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Load(Double weightKg, Double volumeM3, Integer count) {

  /** Nothing: fits everywhere, and a vehicle with this capacity carries anything. */
  public static final Load NONE = new Load(null, null, null);

  /**
   * The sum of two loads, a dimension absent where both leave it out (where one does, the sum is
   * the other's: what is known of it).
   */
  public Load plus(Load other) {
    return new Load(
        sum(weightKg, other.weightKg), sum(volumeM3, other.volumeM3), sum(count, other.count));
  }

  // Boxed on purpose: a conditional mixing Double and double would unbox a null.
  private static Double sum(Double a, Double b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Double.valueOf(a + b);
  }

  private static Integer sum(Integer a, Integer b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Integer.valueOf(a + b);
  }
}
