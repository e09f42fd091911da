// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The monoid laws of {@link GroupStats} with origins: any split and order of the same events gives
 * the same count, times and origins, ties in time included. Seeded (the seed is in every message).
 */
final class GroupStatsProperties {
  private static final Instant BASE = Instant.parse("2024-04-23T08:00:00Z");

  private static GroupStats one(Random r) {
    Instant t = BASE.plusSeconds(r.nextInt(3)); // few times: ties are the point
    if (r.nextInt(5) == 0) {
      return GroupStats.of(t); // an origin not known
    }
    return GroupStats.of(t, new EventOrigin(r.nextBoolean() ? "sysmon" : "evtx", "f" + r.nextInt(3), r.nextInt(3)));
  }

  @RepeatedTest(20)
  void anySplitAndOrder_givesTheSameStats() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    List<GroupStats> events = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(40); i < n; i++) {
      events.add(one(r));
    }
    GroupStats inOrder = events.stream().reduce(GroupStats::merge).orElseThrow();
    for (int round = 0; round < 10; round++) {
      List<GroupStats> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, r);
      int cut = r.nextInt(shuffled.size());
      GroupStats left = shuffled.subList(0, cut).stream().reduce(GroupStats::merge).orElse(null);
      GroupStats right = shuffled.subList(cut, shuffled.size()).stream().reduce(GroupStats::merge).orElseThrow();
      GroupStats merged = left == null ? right : r.nextBoolean() ? left.merge(right) : right.merge(left);
      assertThat(merged).as("seed %d, round %d", seed, round).isEqualTo(inOrder);
    }
    assertThat(inOrder.count()).isEqualTo(events.size());
  }

  @Test
  void origins_areThoseOfTheEarliestAndLatestEvents_aKnownOneWinningATie() {
    EventOrigin a = new EventOrigin("sysmon", "a.xml", 7);
    EventOrigin b = new EventOrigin("sysmon", "b.evtx", 12);
    GroupStats s = GroupStats.of(BASE.plusSeconds(5), b)
        .merge(GroupStats.of(BASE, a))
        .merge(GroupStats.of(BASE))
        .merge(GroupStats.of(BASE.plusSeconds(5)));
    assertThat(s.firstOrigin()).isEqualTo(a);
    assertThat(s.lastOrigin()).isEqualTo(b);
    assertThat(GroupStats.of(BASE).merge(GroupStats.of(BASE)).firstOrigin()).isNull();
  }
}
