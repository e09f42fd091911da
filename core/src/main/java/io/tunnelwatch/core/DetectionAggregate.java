// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code tstats} aggregation: per distinct {@link GroupKey}, a {@link GroupStats}. Memory grows
 * with the number of distinct groups, not of events. Aggregates are mergeable: the aggregate of any
 * split of the input, merged in any order, equals the aggregate of the whole.
 *
 * <p>Values that repeat across groups (host, user, image, hash, parent…) are shared: a new group's
 * key keeps the instance of an equal value already held, so a group costs well under 1 KiB of heap
 * instead of one fresh string per field.
 *
 * <p>Not thread-safe: give each thread its own and {@link #merge} them.
 *
 * @since 0.1.0
 */
public final class DetectionAggregate {
  /** The fields whose values repeat across groups; the ids, GUIDs and command line mostly do not. */
  private static final Field[] SHARED = {
    Field.VENDOR_PRODUCT, Field.USER_ID, Field.PROCESS_HASH, Field.PARENT_PROCESS_NAME,
    Field.PARENT_PROCESS_EXEC, Field.ACTION, Field.DEST, Field.PROCESS_CURRENT_DIRECTORY,
    Field.PROCESS_PATH, Field.PROCESS_INTEGRITY_LEVEL, Field.ORIGINAL_FILE_NAME, Field.PARENT_PROCESS,
    Field.PARENT_PROCESS_PATH, Field.USER, Field.PROCESS_NAME,
  };

  private final Map<GroupKey, GroupStats> groups = new HashMap<>();
  private final Map<String, String> shared = new HashMap<>();

  /** An empty aggregate. */
  public DetectionAggregate() {}

  /** Adds one event (whether it matches is the caller's business). */
  public void add(ProcessEvent event) {
    add(event.groupKey(), GroupStats.of(event.time(), event.origin()));
  }

  /** Adds {@code stats} to the group {@code key}. */
  public void add(GroupKey key, GroupStats stats) {
    GroupStats old = groups.get(key);
    groups.put(old == null ? share(key) : key, old == null ? stats : old.merge(stats));
  }

  /** The key with its repeating values replaced by the instances this aggregate already holds. */
  private GroupKey share(GroupKey key) {
    String[] v = key.values().toArray(new String[0]);
    for (Field f : SHARED) {
      int i = f.index();
      v[i] = shared.computeIfAbsent(v[i], s -> s);
    }
    return new GroupKey(v);
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
   * The result rows, sorted as {@link DetectionResult#ORDER} sorts them.
   *
   * @param window the window the rows belong to, or null for a search over explicit bounds or all time
   * @see #toLateResults(Window)
   */
  public List<DetectionResult> toResults(@Nullable Window window) {
    return rows(window, false);
  }

  /**
   * Like {@link #toResults(Window)}, for late events: rows that add to a window already reported,
   * each saying {@link DetectionResult#late()}.
   *
   * @param window the window the late events belong to
   * @since 0.1.0
   */
  public List<DetectionResult> toLateResults(Window window) {
    return rows(Objects.requireNonNull(window, "window"), true);
  }

  private List<DetectionResult> rows(@Nullable Window window, boolean late) {
    List<DetectionResult> rows = new ArrayList<>(groups.size());
    groups.forEach((k, s) -> rows.add(DetectionResult.of(k, s, window, late)));
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
