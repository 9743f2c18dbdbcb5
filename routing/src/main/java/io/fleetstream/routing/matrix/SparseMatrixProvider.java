package io.fleetstream.routing.matrix;

import io.fleetstream.routing.model.Location;
import java.util.List;

/**
 * A matrix provider that can compute just the cells a caller will read, for callers (live dispatch
 * scoring) that need a few rows and legs of a matrix far too costly to compute whole every time.
 */
public interface SparseMatrixProvider extends MatrixProvider {

  /**
   * The matrix of {@code points} in which every cell in {@code cells} holds exactly what {@link
   * #matrix(List)} would hold for the same points, and so does every per-point metric. Any other
   * cell holds a cheap estimate that the implementation documents; it is a placeholder, not a
   * result, and a caller must not read it.
   *
   * @throws IllegalArgumentException when {@code cells} names a point index outside {@code points}
   */
  TravelMatrix matrix(List<Location> points, MatrixCells cells);
}
