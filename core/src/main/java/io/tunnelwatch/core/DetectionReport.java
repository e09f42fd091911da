// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one evaluation found: the kept result rows, the rows that filters suppressed, and the risk
 * events of the kept rows. A scheduled evaluation has a window; a late report carries the events
 * that arrived after that window was first reported. Immutable.
 *
 * @since 0.1.0
 */
public final class DetectionReport {
  private final @Nullable Window window;
  private final boolean late;
  private final long matchedEvents;
  private final List<DetectionResult> results;
  private final List<Suppression> suppressed;
  private final List<RiskEvent> riskEvents;
  private final List<FilterFailure> filterFailures;

  DetectionReport(
      @Nullable Window window,
      boolean late,
      long matchedEvents,
      List<DetectionResult> results,
      List<Suppression> suppressed,
      List<FilterFailure> filterFailures) {
    this.window = window;
    this.late = late;
    this.matchedEvents = matchedEvents;
    this.results = List.copyOf(results);
    this.suppressed = List.copyOf(suppressed);
    this.riskEvents = this.results.stream().map(RiskEvent::from).toList();
    this.filterFailures = List.copyOf(filterFailures);
  }

  /** The scheduled window, or null for a search over explicit bounds or all time. */
  public @Nullable Window window() {
    return window;
  }

  /** True when this report adds late events to a window that was already reported. */
  public boolean late() {
    return late;
  }

  /** The number of events that matched the predicate (before filters). */
  public long matchedEvents() {
    return matchedEvents;
  }

  /** The kept rows, in {@link DetectionResult#ORDER}. */
  public List<DetectionResult> results() {
    return results;
  }

  /** The rows that filters suppressed, with filter and reason. */
  public List<Suppression> suppressed() {
    return suppressed;
  }

  /** One risk event per kept row, in the same order. */
  public List<RiskEvent> riskEvents() {
    return riskEvents;
  }

  /**
   * How many times a filter threw instead of deciding. Such a row is kept (a broken filter must not
   * hide a detection) and the failure is logged, once per filter.
   */
  public int filterFailures() {
    int sum = 0;
    for (FilterFailure f : filterFailures) {
      sum += f.rows();
    }
    return sum;
  }

  /** One entry per filter that threw, in the order the filters run, with its count and first error. */
  public List<FilterFailure> filterFailuresByFilter() {
    return filterFailures;
  }

  @Override
  public String toString() {
    return "DetectionReport{window=" + window + ", late=" + late + ", matched=" + matchedEvents
        + ", results=" + results.size() + ", suppressed=" + suppressed.size() + "}";
  }
}
