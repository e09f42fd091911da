// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StreamingDetection} has done and holds, taken in one call, so the
 * numbers agree with each other. Immutable.
 *
 * @param eventsSeen events passed to {@code accept}
 * @param eventsMatched of those, events that matched the predicate
 * @param lateEvents matching events that arrived after their window was reported (reported late)
 * @param futureEvents events dated beyond the clock-skew bound: aggregated in their own window, but
 *     they did not advance time
 * @param rejectedEvents events whose time no window can hold (beyond about ±292 million years):
 *     counted and logged, the only events not aggregated
 * @param windowsReported reports delivered to the listener (late reports included)
 * @param windowsHeld windows holding state: open, waiting for redelivery, or late
 * @param groupsHeld distinct result groups held, over all windows
 * @param listenerFailures times the listener threw; each such window was kept and redelivered
 * @param overflowReports windows reported early because {@code groupsHeld} passed the cap
 * @param timeReached the time the detection has advanced to, null before the first advance
 * @param lagBehindClock how far {@code timeReached} is behind the clock (negative when ahead), null
 *     before the first advance
 * @param recentFuture the latest future events, oldest first, at most {@link #FUTURE_LISTED}
 * @since 0.1.0
 */
public record StreamingStats(
    long eventsSeen,
    long eventsMatched,
    long lateEvents,
    long futureEvents,
    long rejectedEvents,
    long windowsReported,
    int windowsHeld,
    long groupsHeld,
    long listenerFailures,
    long overflowReports,
    @Nullable Instant timeReached,
    @Nullable Duration lagBehindClock,
    List<FutureEvent> recentFuture) {
  /** How many future events {@link #recentFuture} lists at most. */
  public static final int FUTURE_LISTED = 32;

  /** Copies the list. */
  public StreamingStats {
    recentFuture = List.copyOf(recentFuture);
  }

  /**
   * An event dated beyond the clock-skew bound: when, on which host, and where it was read (never
   * its command line).
   *
   * @param time the event's time
   * @param dest the event's {@code dest}
   * @param origin where the event was read
   */
  public record FutureEvent(Instant time, String dest, EventOrigin origin) {
    /** Validates that no part is null. */
    public FutureEvent {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(dest, "dest");
      Objects.requireNonNull(origin, "origin");
    }
  }
}
