// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The aggregate of one result group: how many matching events, and the earliest and latest event
 * time. A commutative monoid under {@link #merge}, so partial aggregates from any split of the
 * input combine to the same value in any order.
 *
 * @param count the number of events, at least 1
 * @param firstTime the earliest event time ({@code min(_time)})
 * @param lastTime the latest event time ({@code max(_time)})
 * @since 0.1.0
 */
public record GroupStats(long count, Instant firstTime, Instant lastTime) {
  /** Validates that {@code count} is positive and {@code firstTime <= lastTime}. */
  public GroupStats {
    Objects.requireNonNull(firstTime, "firstTime");
    Objects.requireNonNull(lastTime, "lastTime");
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive but was " + count);
    }
    if (firstTime.isAfter(lastTime)) {
      throw new IllegalArgumentException(
          "firstTime must not be after lastTime but was " + firstTime + " > " + lastTime);
    }
  }

  /** The aggregate of one event at {@code time}. */
  public static GroupStats of(Instant time) {
    return new GroupStats(1, time, time);
  }

  /** The aggregate of this and {@code other}. */
  public GroupStats merge(GroupStats other) {
    return new GroupStats(
        Math.addExact(count, other.count),
        firstTime.isBefore(other.firstTime) ? firstTime : other.firstTime,
        lastTime.isAfter(other.lastTime) ? lastTime : other.lastTime);
  }
}
