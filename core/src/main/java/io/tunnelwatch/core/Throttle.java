// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.FilterDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Alert throttling, as Splunk ES throttles a correlation search: a row whose chosen fields
 * ({@code dest} and {@code process_name} by default) equal those of a row kept less than
 * {@link #duration()} before or after it (by {@code firstTime}) is suppressed as a repeat, with a
 * reason that names the kept row's time. Suppressed rows are counted and listed like every other
 * suppression; they do not extend the throttle, which runs from the kept row.
 *
 * <p>A throttle remembers across every report of the detection it is added to: across the windows
 * of a streaming evaluation (and through its snapshot and restore), across the runs of a scheduler.
 * Within one report, rows are decided in {@link DetectionResult#ORDER}, so the first of the repeats
 * in that order is the one kept, as Splunk keeps the first result of a run. Add it after the other
 * filters, so that it throttles only rows they keep.
 *
 * <p>Memory is one entry per distinct tuple of the chosen fields; once there are more than
 * {@value #PRUNE_AT}, entries whose throttle ended before the latest row seen are forgotten (a late
 * row is then judged without them, so it is kept: the safe side). Thread-safe.
 *
 * @since 0.1.0
 */
public final class Throttle implements DetectionFilter {
  /** The fields throttled on unless told otherwise, as the issue and Splunk ES examples use. */
  public static final List<Field> DEFAULT_FIELDS = List.of(Field.DEST, Field.PROCESS_NAME);

  /** Entries held before expired ones are forgotten. */
  static final int PRUNE_AT = 65_536;

  private final Duration duration;
  private final List<Field> fields;
  private final Map<List<String>, Kept> keptAt = new HashMap<>();
  private @Nullable Instant newest;
  private int pruneAt = PRUNE_AT;

  private Throttle(Duration duration, List<Field> fields) {
    this.duration = duration;
    this.fields = fields;
  }

  /**
   * A throttle on {@code fields} for {@code duration}.
   *
   * @throws IllegalArgumentException when {@code duration} is not positive, or {@code fields} is
   *     empty or names a field twice
   */
  public static Throttle of(Duration duration, List<Field> fields) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("throttle duration must be positive but was " + duration);
    }
    List<Field> f = List.copyOf(fields);
    if (f.isEmpty()) {
      throw new IllegalArgumentException("a throttle needs at least one field but was given none");
    }
    if (new HashSet<>(f).size() != f.size()) {
      throw new IllegalArgumentException("throttle fields must differ but were " + names(f));
    }
    return new Throttle(duration, f);
  }

  /** A throttle on {@link #DEFAULT_FIELDS} for {@code duration}. */
  public static Throttle of(Duration duration) {
    return of(duration, DEFAULT_FIELDS);
  }

  /** How long after (and before) a kept row its repeats are suppressed. */
  public Duration duration() {
    return duration;
  }

  /** The fields whose values make a repeat. */
  public List<Field> fields() {
    return fields;
  }

  /** {@code throttle}. */
  @Override
  public String name() {
    return "throttle";
  }

  @Override
  public synchronized FilterDecision decide(DetectionResult row) {
    List<String> tuple = tuple(row);
    Instant t = row.firstTime();
    if (newest == null || t.isAfter(newest)) {
      newest = t;
    }
    long id = identity(row);
    Kept k = keptAt.get(tuple);
    if (k != null && k.row() != id && within(k.time(), t)) {
      return FilterDecision.suppress("throttled: same " + names(fields) + " as the row kept with firstTime "
          + k.time() + ", within " + duration);
    }
    if (k == null || t.isAfter(k.time())) {
      keptAt.put(tuple, new Kept(t, id));
    }
    if (keptAt.size() > pruneAt) {
      prune();
    }
    return FilterDecision.keep();
  }

  /** The number of tuples remembered. */
  public synchronized int size() {
    return keptAt.size();
  }

  private boolean within(Instant kept, Instant t) {
    Duration apart = kept.isAfter(t) ? Duration.between(t, kept) : Duration.between(kept, t);
    return apart.compareTo(duration) < 0;
  }

  private List<String> tuple(DetectionResult row) {
    List<String> tuple = new ArrayList<>(fields.size());
    for (Field f : fields) {
      tuple.add(row.get(f));
    }
    return tuple;
  }

  /** Forgets the entries whose throttle ended before the newest row; doubles the bound if none ended. */
  private void prune() {
    Instant n = Objects.requireNonNull(newest);
    keptAt.values().removeIf(k -> !within(k.time(), n) && k.time().isBefore(n));
    pruneAt = Math.max(PRUNE_AT, 2 * keptAt.size());
  }

  private static String names(List<Field> fields) {
    return fields.stream().map(Field::cimName).collect(Collectors.joining(", "));
  }

  /**
   * Which row a decision was about: its group and window, hashed. A row delivered again (its
   * listener threw, so its window is reported anew) is not a repeat of itself; a collision of two
   * rows' identities only keeps a repeat, the safe side.
   */
  static long identity(DetectionResult row) {
    Window w = row.window();
    return ((long) row.group().hashCode() << 32) ^ (w == null ? 0 : w.start().getEpochSecond()) ^ (row.late() ? 1L << 31 : 0);
  }

  /** The state a streaming snapshot keeps: the kept row per tuple, sorted by tuple, and the newest row's time. */
  synchronized State state() {
    List<Map.Entry<List<String>, Kept>> entries = new ArrayList<>(keptAt.entrySet());
    entries.sort(Map.Entry.comparingByKey(TUPLE_ORDER));
    return new State(fields, List.copyOf(entries), newest);
  }

  /** Replaces this throttle's memory with {@code state} (from a snapshot taken with the same fields). */
  synchronized void restore(State state) {
    keptAt.clear();
    state.kept().forEach(e -> keptAt.put(e.getKey(), e.getValue()));
    newest = state.newest();
    pruneAt = Math.max(PRUNE_AT, 2 * keptAt.size());
  }

  private static final Comparator<List<String>> TUPLE_ORDER = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  /** The kept row of a tuple: its firstTime and {@link #identity}. */
  record Kept(Instant time, long row) {}

  /** A throttle's memory, as a snapshot holds it. */
  record State(List<Field> fields, List<Map.Entry<List<String>, Kept>> kept, @Nullable Instant newest) {}
}
