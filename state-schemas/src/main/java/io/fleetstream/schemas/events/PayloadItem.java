package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One line of a job's goods: how many identical items, and each one's weight and size (added in job
 * events version 2).
 *
 * @param quantity how many; absent means one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PayloadItem(
    String id,
    String description,
    Integer quantity,
    Double weightKg,
    Double lengthCm,
    Double widthCm,
    Double heightCm) {

  public int quantityOrOne() {
    return quantity == null ? 1 : quantity;
  }

  /**
   * What these items weigh and take up together: the volume only when all three sizes are given.
   */
  public Load load() {
    int n = quantityOrOne();
    Double volume =
        lengthCm == null || widthCm == null || heightCm == null
            ? null
            : n * lengthCm * widthCm * heightCm / 1_000_000.0;
    return new Load(weightKg == null ? null : n * weightKg, volume, n);
  }
}
