package io.fleetstream.routing.matrix;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The cells of a travel matrix a caller will read, by point index: whole rows and columns of some
 * points (a new job's, measured against everything), plus single legs (a route driven as it is).
 */
public final class MatrixCells {

  /** One ordered cell: the leg from point {@code from} to point {@code to}. */
  public record Cell(int from, int to) {
    public Cell {
      if (from < 0 || to < 0) throw new IllegalArgumentException("point indices must be >= 0");
    }
  }

  private final BitSet full;
  private final Set<Cell> legs;

  private MatrixCells(BitSet full, Set<Cell> legs) {
    this.full = full;
    this.legs = Collections.unmodifiableSet(legs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when the point's whole row and column are wanted. */
  public boolean isFull(int point) {
    return full.get(point);
  }

  /** The points whose whole row and column are wanted, ascending. */
  public int[] fullPoints() {
    return full.stream().toArray();
  }

  /** The single legs wanted (some may also lie in a full row or column). */
  public Set<Cell> legs() {
    return legs;
  }

  /** True when the cell from {@code from} to {@code to} is wanted. */
  public boolean contains(int from, int to) {
    return full.get(from) || full.get(to) || legs.contains(new Cell(from, to));
  }

  /**
   * The highest point index named, or -1 when none is: a matrix must hold more points than this.
   */
  public int maxIndex() {
    int max = full.length() - 1;
    for (Cell c : legs) max = Math.max(max, Math.max(c.from(), c.to()));
    return max;
  }

  @Override
  public String toString() {
    return "MatrixCells{full=" + Arrays.toString(fullPoints()) + ", legs=" + legs.size() + "}";
  }

  /** Collects the wanted cells; duplicates are harmless. */
  public static final class Builder {
    private final BitSet full = new BitSet();
    private final Set<Cell> legs = new LinkedHashSet<>();

    private Builder() {}

    /** Every leg from and to the point. */
    public Builder rowAndColumn(int point) {
      if (point < 0) throw new IllegalArgumentException("point index must be >= 0");
      full.set(point);
      return this;
    }

    public Builder leg(int from, int to) {
      legs.add(new Cell(from, to));
      return this;
    }

    public MatrixCells build() {
      return new MatrixCells((BitSet) full.clone(), new LinkedHashSet<>(legs));
    }
  }
}
