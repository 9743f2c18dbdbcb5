package io.fleetstream.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallestTest {

  @Test
  void theKSmallestInOrderAsASortWouldGiveThem() {
    Random rnd = new Random(3);
    for (int round = 0; round < 200; round++) {
      List<Integer> items = new ArrayList<>();
      int n = rnd.nextInt(60);
      for (int i = 0; i < n; i++) items.add(rnd.nextInt(20)); // many ties
      int k = rnd.nextInt(12);
      Comparator<Integer> order = Comparator.naturalOrder();

      assertThat(Smallest.of(items, order, k))
          .containsExactlyElementsOf(items.stream().sorted(order).limit(k).toList());
    }
  }
}
