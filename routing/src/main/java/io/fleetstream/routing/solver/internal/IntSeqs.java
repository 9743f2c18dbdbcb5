package io.fleetstream.routing.solver.internal;

import java.util.Arrays;

/**
 * New int sequences from old ones: the routes of {@link RouteLocalSearch} are int arrays of stops.
 */
final class IntSeqs {

  private IntSeqs() {}

  /** The first position of {@code u} in {@code seq}, or -1. */
  static int indexOf(int[] seq, int u) {
    for (int k = 0; k < seq.length; k++) {
      if (seq[k] == u) return k;
    }
    return -1;
  }

  /** {@code a} without its element at {@code at}. */
  static int[] remove(int[] a, int at) {
    int[] out = new int[a.length - 1];
    System.arraycopy(a, 0, out, 0, at);
    System.arraycopy(a, at + 1, out, at, a.length - at - 1);
    return out;
  }

  /** {@code a} from position {@code from} on (empty past its end). */
  static int[] tail(int[] a, int from) {
    return Arrays.copyOfRange(a, Math.min(from, a.length), a.length);
  }

  /** {@code a} followed by {@code b}. */
  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code a} with {@code segment} inserted before position {@code at}. */
  static int[] insert(int[] a, int at, int[] segment) {
    int[] out = new int[a.length + segment.length];
    System.arraycopy(a, 0, out, 0, at);
    System.arraycopy(segment, 0, out, at, segment.length);
    System.arraycopy(a, at, out, at + segment.length, a.length - at);
    return out;
  }
}
