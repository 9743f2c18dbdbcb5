package io.fleetstream.jobs.dispatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code k} smallest elements in order, by one pass with a heap of {@code k}: a decision wants
 * the 32 nearest of a zone's thousands of drivers, and {@code stream().sorted().limit(k)} sorts all
 * of them first (the JDK buffers the whole stream for {@code sorted}).
 */
final class Smallest {

  private Smallest() {}

  static <T> List<T> of(Iterable<T> items, Comparator<? super T> order, int k) {
    if (k <= 0) {
      return List.of();
    }
    PriorityQueue<T> largestOnTop = new PriorityQueue<>(k + 1, order.reversed());
    for (T item : items) {
      if (largestOnTop.size() < k) {
        largestOnTop.add(item);
      } else if (order.compare(item, largestOnTop.peek()) < 0) {
        largestOnTop.poll();
        largestOnTop.add(item);
      }
    }
    List<T> out = new ArrayList<>(largestOnTop);
    out.sort(order);
    return Collections.unmodifiableList(out);
  }
}
