package io.tunnelwatch.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation over a finite input, like one run of the search over explicit bounds or all time.
 * Feed it events in any order, then {@link #finish()}. Thread-safe: {@link #accept} may be called
 * from many threads at once (each call takes this evaluation's lock, which costs under 10 % on one
 * thread, BENCHMARKS.md); for the most throughput on many cores, run one per thread and merge their
 * {@link #aggregate()}s.
 *
 * @since 0.1.0
 */
public final class BatchDetection {
  private final Detection detection;
  private final @Nullable Instant earliest;
  private final @Nullable Instant latest;
  private final DetectionAggregate aggregate = new DetectionAggregate();
  private long events;
  private long outOfRange;

  BatchDetection(Detection detection, @Nullable Instant earliest, @Nullable Instant latest) {
    this.detection = detection;
    this.earliest = earliest;
    this.latest = latest;
  }

  /** Evaluates one event and returns which clause it matched ({@link Match#NONE} when out of range). */
  public synchronized Match accept(ProcessEvent event) {
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

  /** The events evaluated so far. */
  public synchronized long events() {
    return events;
  }

  /** The events outside {@code [earliest, latest)} so far. */
  public synchronized long outOfRange() {
    return outOfRange;
  }

  /**
   * The aggregate of the matching events so far (live, not a copy): read it only when no other
   * thread is calling {@link #accept}.
   */
  public DetectionAggregate aggregate() {
    return aggregate;
  }

  /** The report: result rows after the filters, suppressed rows, risk events. */
  public synchronized DetectionReport finish() {
    return detection.report(aggregate, null, false);
  }

}
