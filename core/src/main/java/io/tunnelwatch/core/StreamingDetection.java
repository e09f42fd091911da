package io.tunnelwatch.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The scheduled search, continuously: feed events as they arrive, in any order, advance time, and
 * receive each window's {@link DetectionReport} when its run time ({@link Schedule#runTimeOf}) has
 * passed. Only windows with at least one matching event are reported.
 *
 * <p>Unlike Splunk, nothing is silently dropped: an event whose window was already reported is kept
 * as a late event and reported at the next advance, in a report marked {@link DetectionReport#late()}
 * that holds only the late events. State of reported windows is released.
 *
 * <p>Time advances explicitly ({@link #advanceTo}), from a {@link Clock} ({@link #advance()}), or
 * with the event time ({@link Builder#eventTime(Duration)}). Not thread-safe.
 *
 * @since 0.1.0
 */
public final class StreamingDetection {
  private final Detection detection;
  private final Consumer<DetectionReport> listener;
  private final Clock clock;
  private final @Nullable Duration outOfOrderBound;
  private final TreeMap<Window, DetectionAggregate> open = new TreeMap<>();
  private final TreeMap<Window, DetectionAggregate> late = new TreeMap<>();
  private Instant closedBefore = Instant.MIN; // windows ending at or before this were reported
  private @Nullable Instant maxEventTime;
  private long lateEvents;

  private StreamingDetection(Builder b) {
    this.detection = b.detection;
    this.listener = b.listener;
    this.clock = b.clock;
    this.outOfOrderBound = b.outOfOrderBound;
  }

  /**
   * Evaluates one event. In event-time mode this may report windows that the event's time closed.
   *
   * @return which clause the event matched
   */
  public Match accept(ProcessEvent event) {
    Match m = detection.predicate().test(event);
    if (m.matched()) {
      Window w = detection.schedule().windowOf(event.time());
      if (w.end().isAfter(closedBefore)) {
        open.computeIfAbsent(w, k -> new DetectionAggregate()).add(event);
      } else {
        lateEvents++;
        late.computeIfAbsent(w, k -> new DetectionAggregate()).add(event);
      }
    }
    if (outOfOrderBound != null) {
      if (maxEventTime == null || event.time().isAfter(maxEventTime)) {
        maxEventTime = event.time();
      }
      advanceTo(maxEventTime.minus(outOfOrderBound));
    }
    return m;
  }

  /**
   * Advances time to {@code now}: reports pending late events, then every window whose run time is
   * at or before {@code now}, oldest first. Time never goes back: an earlier {@code now} still
   * reports pending late events but closes nothing.
   */
  public void advanceTo(Instant now) {
    Instant closeBefore = now.minus(detection.schedule().lag());
    if (closeBefore.isAfter(closedBefore)) {
      closedBefore = closeBefore;
    }
    emitLate();
    emitClosed();
  }

  /** Advances time to the clock's now. */
  public void advance() {
    advanceTo(clock.instant());
  }

  /** Reports every window now, as at the end of the input: later events for them will be late. */
  public void flush() {
    if (!open.isEmpty() && open.lastKey().end().isAfter(closedBefore)) {
      closedBefore = open.lastKey().end();
    }
    emitLate();
    emitClosed();
  }

  private void emitLate() {
    while (!late.isEmpty()) {
      Map.Entry<Window, DetectionAggregate> e = late.pollFirstEntry();
      listener.accept(detection.report(e.getValue(), e.getKey(), true));
    }
  }

  private void emitClosed() {
    Iterator<Map.Entry<Window, DetectionAggregate>> it = open.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Window, DetectionAggregate> e = it.next();
      if (e.getKey().end().isAfter(closedBefore)) {
        break;
      }
      it.remove();
      listener.accept(detection.report(e.getValue(), e.getKey(), false));
    }
  }

  /** The number of windows holding state (not yet reported, plus late events not yet reported). */
  public int windowsHeld() {
    return open.size() + late.size();
  }

  /** The number of distinct groups held in state, over all windows. */
  public long groupsHeld() {
    long n = 0;
    for (DetectionAggregate a : open.values()) {
      n += a.size();
    }
    for (DetectionAggregate a : late.values()) {
      n += a.size();
    }
    return n;
  }

  /** How many matching events arrived after their window was reported. */
  public long lateEvents() {
    return lateEvents;
  }

  /** Builds a {@link StreamingDetection}. Not thread-safe. */
  public static final class Builder {
    private final Detection detection;
    private final Consumer<DetectionReport> listener;
    private Clock clock = Clock.systemUTC();
    private @Nullable Duration outOfOrderBound;

    Builder(Detection detection, Consumer<DetectionReport> listener) {
      this.detection = detection;
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The clock that {@link StreamingDetection#advance()} reads; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Advances time with the events: after each event, to the latest event time seen minus
     * {@code outOfOrderBound}. Events later than the bound are still reported, as late results.
     *
     * @throws IllegalArgumentException when the bound is negative
     */
    public Builder eventTime(Duration outOfOrderBound) {
      Objects.requireNonNull(outOfOrderBound, "outOfOrderBound");
      if (outOfOrderBound.isNegative()) {
        throw new IllegalArgumentException("outOfOrderBound must not be negative but was " + outOfOrderBound);
      }
      this.outOfOrderBound = outOfOrderBound;
      return this;
    }

    /** The streaming evaluation. */
    public StreamingDetection build() {
      return new StreamingDetection(this);
    }
  }
}
