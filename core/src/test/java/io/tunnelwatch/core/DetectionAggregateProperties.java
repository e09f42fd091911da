// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The laws of the aggregation, over seeded random inputs (the seed is in every message). */
@ExtendWith(Seeds.class)
final class DetectionAggregateProperties {
  private static final Instant BASE = Instant.parse("2024-04-23T08:00:00Z");

  private static List<ProcessEvent> randomEvents(Random r) {
    List<ProcessEvent> events = new ArrayList<>();
    int n = r.nextInt(300);
    for (int i = 0; i < n; i++) {
      events.add(TestEvents.random(r, BASE, 6 * 3600));
    }
    return events;
  }

  private static DetectionAggregate aggregate(List<ProcessEvent> events) {
    DetectionAggregate a = new DetectionAggregate();
    events.forEach(a::add);
    return a;
  }

  @RepeatedTest(50)
  void results_doNotDependOnEventOrder() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    List<ProcessEvent> events = randomEvents(r);
    List<ProcessEvent> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, r);
    Detection d = Detection.builder().build();
    assertThat(d.evaluate(shuffled).results()).as("seed %d", seed).isEqualTo(d.evaluate(events).results());
  }

  @RepeatedTest(50)
  void mergedPartialAggregates_equalOneAggregate_inAnyOrder() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    List<ProcessEvent> events = randomEvents(r);
    int parts = 1 + r.nextInt(6);
    List<List<ProcessEvent>> split = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      split.add(new ArrayList<>());
    }
    events.forEach(e -> split.get(r.nextInt(parts)).add(e));
    List<DetectionAggregate> partials = new ArrayList<>(split.stream().map(DetectionAggregateProperties::aggregate).toList());
    Collections.shuffle(partials, r);
    DetectionAggregate merged = new DetectionAggregate();
    partials.forEach(merged::merge);
    assertThat(merged).as("seed %d", seed).isEqualTo(aggregate(events));
    // Associativity: (a+b)+c == a+(b+c) for the first three parts.
    if (partials.size() >= 3) {
      DetectionAggregate left = new DetectionAggregate().merge(partials.get(0)).merge(partials.get(1)).merge(partials.get(2));
      DetectionAggregate right = new DetectionAggregate().merge(partials.get(0))
          .merge(new DetectionAggregate().merge(partials.get(1)).merge(partials.get(2)));
      assertThat(left).as("seed %d", seed).isEqualTo(right);
    }
  }

  @RepeatedTest(20)
  void stats_countEveryEvent_andBoundTheirTimes() {
    long seed = Seeds.take();
    Random r = new Random(seed);
    List<ProcessEvent> events = randomEvents(r);
    DetectionAggregate a = aggregate(events);
    assertThat(a.groups().values().stream().mapToLong(GroupStats::count).sum()).as("seed %d", seed).isEqualTo(events.size());
    for (ProcessEvent e : events) {
      GroupStats s = java.util.Objects.requireNonNull(a.groups().get(e.groupKey()));
      assertThat(s.firstTime()).isBeforeOrEqualTo(e.time());
      assertThat(s.lastTime()).isAfterOrEqualTo(e.time());
    }
  }

  @RepeatedTest(5)
  void memory_growsWithGroups_notEvents() {
    Random r = new Random(42);
    DetectionAggregate a = new DetectionAggregate();
    for (int i = 0; i < 100_000; i++) {
      a.add(TestEvents.random(r, BASE, 3600));
    }
    assertThat(a.size()).isLessThanOrEqualTo(4 * 4); // 4 hosts x (2 process-name cases + renamed + cmd)
  }
}
