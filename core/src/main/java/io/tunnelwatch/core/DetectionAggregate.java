package io.tunnelwatch.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code tstats} aggregation: per distinct {@link GroupKey}, a {@link GroupStats}. Memory grows
 * with the number of distinct groups, not of events. Aggregates are mergeable: the aggregate of any
 * split of the input, merged in any order, equals the aggregate of the whole.
 *
 * <p>Not thread-safe: give each thread its own and {@link #merge} them.
 *
 * @since 0.1.0
 */
public final class DetectionAggregate {
  private final Map<GroupKey, GroupStats> groups = new HashMap<>();

  /** An empty aggregate. */
  public DetectionAggregate() {}

  /** Adds one event (whether it matches is the caller's business). */
  public void add(ProcessEvent event) {
    add(event.groupKey(), GroupStats.of(event.time()));
  }

  /** Adds {@code stats} to the group {@code key}. */
  public void add(GroupKey key, GroupStats stats) {
    groups.merge(key, stats, GroupStats::merge);
  }

  /** Adds every group of {@code other} to this one; {@code other} is unchanged. */
  public DetectionAggregate merge(DetectionAggregate other) {
    other.groups.forEach(this::add);
    return this;
  }

  /** The number of distinct groups. */
  public int size() {
    return groups.size();
  }

  /** True when no event was added. */
  public boolean isEmpty() {
    return groups.isEmpty();
  }

  /** An unmodifiable view of the groups. */
  public Map<GroupKey, GroupStats> groups() {
    return Collections.unmodifiableMap(groups);
  }

  /**
   * The result rows, sorted by their group key as {@code tstats} sorts them.
   *
   * @param window the window the rows belong to, or null for a search over explicit bounds or all time
   * @param late whether the rows are a late addition to a window already reported
   */
  public List<DetectionResult> toResults(@Nullable Window window, boolean late) {
    List<DetectionResult> rows = new ArrayList<>(groups.size());
    groups.forEach(
        (k, s) -> rows.add(new DetectionResult(k, s.count(), s.firstTime(), s.lastTime(), window, late)));
    rows.sort(DetectionResult.ORDER);
    return rows;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DetectionAggregate a && a.groups.equals(groups);
  }

  @Override
  public int hashCode() {
    return groups.hashCode();
  }

  @Override
  public String toString() {
    return "DetectionAggregate" + groups;
  }
}
