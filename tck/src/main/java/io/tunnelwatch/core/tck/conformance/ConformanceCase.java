// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck.conformance;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.Window;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One conformance case: a configured detection, the input as it arrives (events in arrival order,
 * with explicit advances of time in between) and the rows every engine must emit.
 *
 * <p>Time is event time, as a stream engine keeps it: it is the latest event time or advance seen
 * so far, matching or not, and never goes back. A window is reported when time reaches its run
 * time; an event whose window's run time was already reached is late. An {@link Step.AdvanceTo}
 * is what a stream engine sees as any record with that timestamp; an engine feeding raw records
 * may send a non-matching event at that time.
 *
 * @param name a short description, used as the test's name
 * @param detection the detection: predicate, schedule and filters
 * @param steps the input in arrival order
 * @param expected the canonical rows every engine that tells late events apart must emit (sorted
 *     into {@link CanonicalRow#ORDER} here)
 */
public record ConformanceCase(String name, Detection detection, List<Step> steps, List<CanonicalRow> expected) {
  /**
   * Validates the parts: every matching event's window must be closed by the end of the input, so
   * that engines without an end of input (streams) have reported everything.
   */
  public ConformanceCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detection, "detection");
    steps = List.copyOf(steps);
    expected = expected.stream().sorted(CanonicalRow.ORDER).toList();
    Instant end = Instant.MIN;
    for (Step s : steps) {
      end = max(end, s.time());
    }
    for (ProcessEvent e : events(steps)) {
      Window w = detection.schedule().windowOf(e.time());
      if (detection.predicate().test(e).matched() && detection.schedule().runTimeOf(w).isAfter(end)) {
        throw new IllegalArgumentException(name + ": window " + w + " is not closed by the end of the input at " + end);
      }
    }
  }

  /** The events of the input, in arrival order. */
  public List<ProcessEvent> events() {
    return events(steps);
  }

  private static List<ProcessEvent> events(List<Step> steps) {
    return steps.stream().filter(Step.Arrive.class::isInstance).map(s -> ((Step.Arrive) s).event()).toList();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  @Override
  public String toString() {
    return name;
  }

  /** One step of the input. */
  public sealed interface Step {
    /** The step's time: the event's time, or the time advanced to. */
    Instant time();

    /**
     * An event arrives.
     *
     * @param event the event
     */
    record Arrive(ProcessEvent event) implements Step {
      /** Validates that the event is not null. */
      public Arrive {
        Objects.requireNonNull(event, "event");
      }

      @Override
      public Instant time() {
        return event.time();
      }
    }

    /**
     * Time advances to {@code time} without a matching event.
     *
     * @param time the new time
     */
    record AdvanceTo(Instant time) implements Step {
      /** Validates that the time is not null. */
      public AdvanceTo {
        Objects.requireNonNull(time, "time");
      }
    }
  }
}
