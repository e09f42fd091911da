package io.tunnelwatch.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation over a finite input, like one run of the search over explicit bounds or all time.
 * Feed it events in any order, then {@link #finish()}. Not thread-safe; for parallel input, run one
 * per thread and merge their {@link #aggregate()}s.
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
  public Match accept(ProcessEvent event) {
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
  public long events() {
    return events;
  }

  /** The events outside {@code [earliest, latest)} so far. */
  public long outOfRange() {
    return outOfRange;
  }

  /** The aggregate of the matching events so far (live, not a copy). */
  public DetectionAggregate aggregate() {
    return aggregate;
  }

  /** The report: result rows after the filters, suppressed rows, risk events. */
  public DetectionReport finish() {
    return detection.report(aggregate, null, false);
  }

}
