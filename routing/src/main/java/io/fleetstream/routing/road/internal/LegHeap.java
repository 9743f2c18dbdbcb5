package io.fleetstream.routing.road.internal;

import java.util.Arrays;

/**
 * A binary min-heap of graph nodes keyed on (milliseconds, millimetres), compared in that order.
 * Stale entries stay in the heap; the search skips nodes it has already settled (no decrease-key),
 * which keeps the heap to two primitive arrays and a node array.
 */
final class LegHeap {

  private long[] millis = new long[64];
  private long[] mm = new long[64];
  private int[] nodes = new int[64];
  private int size;

  void clear() {
    size = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void push(int node, long ms, long mmValue) {
    if (size == nodes.length) grow();
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!Leg.less(ms, mmValue, millis[parent], mm[parent])) break;
      set(i, nodes[parent], millis[parent], mm[parent]);
      i = parent;
    }
    set(i, node, ms, mmValue);
  }

  long peekMillis() {
    return millis[0];
  }

  long peekMm() {
    return mm[0];
  }

  /** Removes the smallest entry and returns its node (read the key with the peek methods first). */
  int poll() {
    int top = nodes[0];
    size--;
    if (size > 0) siftDown(nodes[size], millis[size], mm[size]);
    return top;
  }

  private void siftDown(int node, long ms, long mmValue) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && Leg.less(millis[right], mm[right], millis[child], mm[child]))
        child = right;
      if (!Leg.less(millis[child], mm[child], ms, mmValue)) break;
      set(i, nodes[child], millis[child], mm[child]);
      i = child;
    }
    set(i, node, ms, mmValue);
  }

  private void set(int i, int node, long ms, long mmValue) {
    nodes[i] = node;
    millis[i] = ms;
    mm[i] = mmValue;
  }

  private void grow() {
    int n = nodes.length * 2;
    nodes = Arrays.copyOf(nodes, n);
    millis = Arrays.copyOf(millis, n);
    mm = Arrays.copyOf(mm, n);
  }
}
