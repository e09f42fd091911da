// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The aggregate of one result group: how many matching events, the earliest and latest event time,
 * and where the earliest and the latest event were read. A commutative monoid under {@link #merge},
 * so partial aggregates from any split of the input combine to the same value in any order: events
 * at the same time are told apart by {@link #ORIGIN_ORDER}, the first origin being the least and
 * the last the greatest, and a known origin wins over an unknown one.
 *
 * <p>One origin per end, not per event: a group costs the same whatever its count.
 *
 * @param count the number of events, at least 1
 * @param firstTime the earliest event time ({@code min(_time)})
 * @param lastTime the latest event time ({@code max(_time)})
 * @param firstOrigin where the earliest event was read, or null when not known (stats built from
 *     times alone, or restored from a format that kept none)
 * @param lastOrigin where the latest event was read, or null when not known
 * @since 0.1.0
 */
public record GroupStats(
    long count, Instant firstTime, Instant lastTime, @Nullable EventOrigin firstOrigin, @Nullable EventOrigin lastOrigin) {

  /** How events at the same time are ordered: by source, then line, then format. */
  public static final Comparator<EventOrigin> ORIGIN_ORDER =
      Comparator.comparing(EventOrigin::source).thenComparingLong(EventOrigin::line).thenComparing(EventOrigin::format);

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

  /** Stats without origins. */
  public GroupStats(long count, Instant firstTime, Instant lastTime) {
    this(count, firstTime, lastTime, null, null);
  }

  /** The aggregate of one event at {@code time} of unknown origin. */
  public static GroupStats of(Instant time) {
    return new GroupStats(1, time, time);
  }

  /** The aggregate of one event at {@code time} read from {@code origin}. */
  public static GroupStats of(Instant time, EventOrigin origin) {
    Objects.requireNonNull(origin, "origin");
    return new GroupStats(1, time, time, origin, origin);
  }

  /** The aggregate of this and {@code other}. */
  public GroupStats merge(GroupStats other) {
    int first = firstTime.compareTo(other.firstTime);
    if (first == 0) {
      first = compare(firstOrigin, other.firstOrigin, 1);
    }
    int last = lastTime.compareTo(other.lastTime);
    if (last == 0) {
      last = compare(lastOrigin, other.lastOrigin, -1);
    }
    return new GroupStats(
        Math.addExact(count, other.count),
        first <= 0 ? firstTime : other.firstTime,
        last >= 0 ? lastTime : other.lastTime,
        first <= 0 ? firstOrigin : other.firstOrigin,
        last >= 0 ? lastOrigin : other.lastOrigin);
  }

  /** Origins in {@link #ORIGIN_ORDER}; an unknown {@code a} compares as {@code unknown} says, so the known one wins. */
  private static int compare(@Nullable EventOrigin a, @Nullable EventOrigin b, int unknown) {
    if (a == null) {
      return b == null ? 0 : unknown;
    }
    if (b == null) {
      return -unknown;
    }
    return ORIGIN_ORDER.compare(a, b);
  }
}
