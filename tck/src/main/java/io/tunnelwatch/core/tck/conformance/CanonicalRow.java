// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck.conformance;

import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.GroupStats;
import io.tunnelwatch.core.Suppression;
import io.tunnelwatch.core.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One result row in the form in which engines are compared.
 *
 * <p><b>Canonical comparison.</b> The rows an engine emitted (kept and suppressed) become a sorted
 * list of canonical rows, compared with {@code equals}:
 *
 * <ul>
 *   <li>a row is {@code (window, late, the 20 group values, count, firstTime, lastTime, suppressedBy,
 *       reason)}; times are exact {@link Instant}s, not their rendering; {@code suppressedBy} and
 *       {@code reason} are null for kept rows;
 *   <li>on-time rows must be identical: at most one per {@code (window, group)}; a second one is an
 *       error (a window emitted twice), never summed;
 *   <li>late rows with the same {@code (window, group, suppressedBy, reason)} are summed into one
 *       (counts added, earliest first time, latest last time), because engines may legitimately
 *       batch late events differently (one report per late event, or per advance of time);
 *   <li>the list is sorted by window, group, then on-time before late.
 * </ul>
 *
 * <p>An engine that cannot tell late from on-time events (a batch run over each window after all
 * input arrived) is compared in the {@link #merged merged} form, where the late rows of a window
 * are folded into its on-time row. Both forms assume filters that decide on the group's values, not
 * on its count or times: a filter that looks at {@code count} may legitimately decide differently on
 * differently batched late rows.
 *
 * @param window the scheduled window
 * @param late whether the row reports late events
 * @param group the 20 field values
 * @param count the number of events
 * @param firstTime the earliest event time
 * @param lastTime the latest event time
 * @param suppressedBy the name of the filter that suppressed the row, or null when it was kept
 * @param reason the suppression's reason, or null when the row was kept
 */
public record CanonicalRow(
    Window window,
    boolean late,
    GroupKey group,
    long count,
    Instant firstTime,
    Instant lastTime,
    @Nullable String suppressedBy,
    @Nullable String reason) {

  /** The order of canonical lists. */
  public static final Comparator<CanonicalRow> ORDER =
      Comparator.comparing(CanonicalRow::window)
          .thenComparing(CanonicalRow::group)
          .thenComparing(CanonicalRow::late)
          .thenComparing(r -> Objects.toString(r.suppressedBy(), ""))
          .thenComparing(r -> Objects.toString(r.reason(), ""));

  /** Validates the parts; suppressedBy and reason are both null or both set. */
  public CanonicalRow {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(group, "group");
    new GroupStats(count, firstTime, lastTime); // validates count and times
    if ((suppressedBy == null) != (reason == null)) {
      throw new IllegalArgumentException("suppressedBy and reason must both be set or both be null");
    }
  }

  /** A kept row. */
  public static CanonicalRow kept(Window window, boolean late, GroupKey group, long count, Instant first, Instant last) {
    return new CanonicalRow(window, late, group, count, first, last, null, null);
  }

  /** This row marked as suppressed by {@code filter} for {@code why}. */
  public CanonicalRow suppressed(String filter, String why) {
    return new CanonicalRow(window, late, group, count, firstTime, lastTime, filter, why);
  }

  /**
   * The canonical list of what an engine emitted.
   *
   * @throws IllegalArgumentException when a row has no window, or a window's group was emitted
   *     on time more than once
   */
  public static List<CanonicalRow> canonical(List<DetectionResult> kept, List<Suppression> suppressed) {
    List<CanonicalRow> rows = new ArrayList<>();
    for (DetectionResult r : kept) {
      rows.add(of(r, null, null));
    }
    for (Suppression s : suppressed) {
      rows.add(of(s.result(), s.filter(), s.reason()));
    }
    return normalize(rows, false);
  }

  /** The merged form of a canonical list: late rows folded into the window's rows, all on time. */
  public static List<CanonicalRow> merged(List<CanonicalRow> rows) {
    return normalize(rows, true);
  }

  private static CanonicalRow of(DetectionResult r, @Nullable String filter, @Nullable String why) {
    Window w = r.window();
    if (w == null) {
      throw new IllegalArgumentException("a row without a window cannot be compared: " + r);
    }
    return new CanonicalRow(w, r.late(), r.group(), r.count(), r.firstTime(), r.lastTime(), filter, why);
  }

  private static List<CanonicalRow> normalize(List<CanonicalRow> rows, boolean mergeLate) {
    Map<List<Object>, CanonicalRow> byKey = new LinkedHashMap<>();
    for (CanonicalRow r : rows) {
      CanonicalRow row = mergeLate ? r.withLate(false) : r;
      boolean sum = mergeLate || r.late();
      List<Object> key =
          List.of(row.window, row.late, row.group, Objects.toString(row.suppressedBy, ""), Objects.toString(row.reason, ""));
      CanonicalRow prior = byKey.get(key);
      if (prior == null) {
        byKey.put(key, row);
      } else if (sum) {
        byKey.put(key, prior.plus(row));
      } else {
        throw new IllegalArgumentException("window " + row.window + " reported group " + row.group + " on time twice");
      }
    }
    List<CanonicalRow> out = new ArrayList<>(byKey.values());
    out.sort(ORDER);
    return out;
  }

  private CanonicalRow withLate(boolean isLate) {
    return new CanonicalRow(window, isLate, group, count, firstTime, lastTime, suppressedBy, reason);
  }

  private CanonicalRow plus(CanonicalRow o) {
    GroupStats s = new GroupStats(count, firstTime, lastTime).merge(new GroupStats(o.count, o.firstTime, o.lastTime));
    return new CanonicalRow(window, late, group, s.count(), s.firstTime(), s.lastTime(), suppressedBy, reason);
  }
}
