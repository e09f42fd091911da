// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation over a finite input, like one run of the search over explicit bounds or all time.
 * Feed it events in any order, then {@link #finish()}. Its result groups take at most the
 * detection's {@linkplain Detection.Builder#aggregationBudget budget} of heap: past it they spill
 * to sorted runs in the {@linkplain Detection.Builder#tempDirectory temporary directory}, merged
 * back by {@code finish}, and {@link #close()} deletes them when an evaluation is abandoned.
 *
 * <p><b>Threads.</b> Confined to one thread at a time: calls from several threads must be ordered
 * by the caller (an executor hands it over safely). Calls that overlap are detected on a best-effort
 * basis and fail with {@link java.util.ConcurrentModificationException}, which also breaks the
 * evaluation for good rather than let it report counts that lost events. For many threads feeding
 * one evaluation, make it {@linkplain #threadSafe() thread-safe} first (each call then takes a lock;
 * BENCHMARKS.md, "Thread-safe evaluations", measures both); for the most throughput on many cores,
 * run one per thread and merge their {@link #aggregate()}s.
 *
 * @since 0.1.0
 */
public final class BatchDetection implements AutoCloseable {
  private final Detection detection;
  private final @Nullable Instant earliest;
  private final @Nullable Instant latest;
  private final SpillingAggregate aggregate;
  private Confinement use = Confinement.confined("BatchDetection");
  private long events;
  private long outOfRange;

  BatchDetection(Detection detection, @Nullable Instant earliest, @Nullable Instant latest) {
    this.detection = detection;
    this.earliest = earliest;
    this.latest = latest;
    this.aggregate = new SpillingAggregate(detection.aggregationBudget(), detection.tempDirectory());
  }

  /**
   * Evaluates one event and returns which clause it matched ({@link Match#NONE} when out of range).
   *
   * @throws java.io.UncheckedIOException when the groups must spill and the temporary directory
   *     cannot take them
   */
  public Match accept(ProcessEvent event) {
    boolean entered = use.enter();
    try {
      return acceptAlone(event);
    } finally {
      use.exit(entered);
    }
  }

  private Match acceptAlone(ProcessEvent event) {
    events++;
    Instant t = event.time();
    if ((earliest != null && t.isBefore(earliest)) || (latest != null && !t.isBefore(latest))) {
      outOfRange++;
      return Match.NONE;
    }
    Match m = detection.predicate().test(event);
    if (m.matched()) {
      aggregate.add(event);
    }
    return m;
  }

  /**
   * Makes this evaluation safe for any number of threads calling at once: from now on every call
   * takes its lock. Call it before handing the evaluation to other threads.
   *
   * @return this evaluation
   * @throws IllegalStateException when events were already accepted
   * @since 0.1.0
   */
  public BatchDetection threadSafe() {
    if (events > 0) {
      throw new IllegalStateException("threadSafe() must come before the first event, not after " + events);
    }
    use = Confinement.shared("BatchDetection");
    return this;
  }

  /** The events evaluated so far. */
  public long events() {
    boolean entered = use.enter();
    try {
      return events;
    } finally {
      use.exit(entered);
    }
  }

  /** The events outside {@code [earliest, latest)} so far. */
  public long outOfRange() {
    boolean entered = use.enter();
    try {
      return outOfRange;
    } finally {
      use.exit(entered);
    }
  }

  /**
   * The aggregate of the matching events held in memory (live, not a copy): all of them unless
   * the groups passed the budget, then those since the last spill ({@link #spills()} says). Read it
   * only when no other thread is calling {@link #accept}.
   */
  public DetectionAggregate aggregate() {
    return aggregate.memory();
  }

  /** How many times the groups passed the budget and were written to disk so far. */
  public int spills() {
    boolean entered = use.enter();
    try {
      return aggregate.spills();
    } finally {
      use.exit(entered);
    }
  }

  /**
   * The report: result rows after the filters, suppressed rows, risk events. Every row is held
   * in memory: for more rows than fit, use {@link #finish(Consumer, Consumer)}.
   */
  public DetectionReport finish() {
    List<DetectionResult> kept = new ArrayList<>();
    List<Suppression> suppressed = new ArrayList<>();
    Totals totals = finish(kept::add, suppressed::add);
    return new DetectionReport(null, false, totals.matchedEvents(), kept, suppressed, totals.filterFailuresByFilter());
  }

  /**
   * The report streamed: each row, after the filters, goes to {@code kept} or {@code suppressed}
   * in {@link DetectionResult#ORDER} as the groups merge, without holding the rows; the same rows
   * as {@link #finish()}. Deletes what spilled, also when an action throws.
   *
   * @return the report's counts
   * @throws java.io.UncheckedIOException when a spilled run cannot be read back
   * @since 0.1.0
   */
  public Totals finish(Consumer<DetectionResult> kept, Consumer<Suppression> suppressed) {
    boolean entered = use.enter();
    try (Detection.Rows rows = detection.new Rows(kept, suppressed)) {
      aggregate.forEachSorted(
          (key, stats) -> rows.accept(DetectionResult.of(key, stats, null, false)));
      return new Totals(rows.matched, rows.keptRows, rows.suppressedRows, rows.failures());
    } finally {
      use.exit(entered);
    }
  }

  /** Deletes the groups that spilled to disk and empties memory; for an evaluation abandoned before {@link #finish()}. */
  @Override
  public void close() {
    boolean entered;
    try {
      entered = use.enter();
    } catch (ConcurrentModificationException e) {
      aggregate.close(); // a broken evaluation still deletes what it spilled
      throw e;
    }
    try {
      aggregate.close();
    } finally {
      use.exit(entered);
    }
  }

  /**
   * The counts of a streamed report.
   *
   * @param matchedEvents the events that matched the predicate (before filters)
   * @param rows the rows kept
   * @param suppressed the rows that filters suppressed
   * @param filterFailuresByFilter the filters that threw instead of deciding, one each with its
   *     count of rows (kept)
   * @since 0.1.0
   */
  public record Totals(long matchedEvents, long rows, long suppressed, List<FilterFailure> filterFailuresByFilter) {
    /** Copies the list. */
    public Totals {
      filterFailuresByFilter = List.copyOf(filterFailuresByFilter);
    }
  }
}
