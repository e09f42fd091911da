// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import io.tunnelwatch.core.spi.DetectionFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * with the event time ({@link Builder#eventTime(Duration)}). An event dated more than
 * {@link Builder#maxClockSkew} after the later of the clock and the time reached is a <em>future</em>
 * event: it is aggregated in its own window and counted, but it does not advance time, so one host
 * with a wrong clock cannot close everyone's windows.
 *
 * <p><b>Listener.</b> The listener runs on the thread that called {@link #accept}, {@link #advanceTo},
 * {@link #advance} or {@link #flush}, one report at a time, while that call holds this detection
 * (its lock, when thread-safe); the listener may call this detection back on that thread. A window's state is released only after its listener returns: when the listener throws a
 * {@link RuntimeException}, the failure is logged and counted, the window and every later one are
 * kept, and they are delivered again, in order, at the next advance. Events for a window that is
 * waiting for redelivery join it. An {@link Error} from the listener propagates, with the state
 * equally kept.
 *
 * <p><b>Threads.</b> Confined to one thread at a time: calls from several threads must be ordered
 * by the caller (an executor hands it over safely). Calls that overlap are detected on a best-effort
 * basis and fail with {@link java.util.ConcurrentModificationException}, which also breaks the
 * detection for good (every later call throws) rather than let it report counts that lost events.
 * Built with {@link Builder#threadSafe()}, every method takes this detection's lock instead, so
 * concurrent callers give the counts and reports of some one-thread order of their calls
 * (BENCHMARKS.md, "Thread-safe evaluations", measures both).
 *
 * <p><b>Bounded state.</b> When the groups held pass {@link Builder#maxGroupsHeld}, the oldest
 * window is reported at once (counted in {@link StreamingStats#overflowReports()}); events that
 * arrive for it later are reported as late results. Nothing is dropped.
 *
 * <p>{@link #snapshot} writes the state to a stream and {@link Builder#restore} reads it back: the
 * restored detection reports what one that never stopped would (format: {@code docs/streaming.md}).
 *
 * @since 0.1.0
 */
public final class StreamingDetection {
  /** The logger, created when first needed: SLF4J's start-up costs tens of milliseconds. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(StreamingDetection.class);
  }

  private final Detection detection;
  private final Consumer<DetectionReport> listener;
  private final Clock clock;
  private final @Nullable Duration outOfOrderBound;
  private final Duration maxClockSkew;
  private final long maxGroupsHeld;
  private final State s;
  private final Confinement use;
  private boolean delivering;

  /** Everything a snapshot holds; the rest of this class is configuration. */
  static final class State {
    final TreeMap<Window, DetectionAggregate> open = new TreeMap<>();
    final TreeMap<Window, DetectionAggregate> late = new TreeMap<>();
    final ArrayDeque<StreamingStats.FutureEvent> recentFuture = new ArrayDeque<>();
    /** Only on restore: the throttles' memory read from the snapshot (the live one is in the filters). */
    final List<Throttle.State> throttles = new ArrayList<>();
    Instant closedBefore = Instant.MIN; // windows ending at or before this were reported
    @Nullable Instant maxEventTime;
    @Nullable Instant timeReached;
    long eventsSeen;
    long eventsMatched;
    long lateEvents;
    long futureEvents;
    long rejectedEvents;
    long windowsReported;
    long listenerFailures;
    long overflowReports;
    long groupsHeld;

    void recountGroups() {
      groupsHeld = 0;
      open.values().forEach(a -> groupsHeld += a.size());
      late.values().forEach(a -> groupsHeld += a.size());
    }
  }

  private StreamingDetection(Builder b, State state) {
    this.detection = b.detection;
    this.listener = b.listener;
    this.clock = b.clock;
    this.outOfOrderBound = b.outOfOrderBound;
    this.maxClockSkew = b.maxClockSkew;
    this.maxGroupsHeld = b.maxGroupsHeld;
    this.s = state;
    this.use = b.threadSafe ? Confinement.shared("StreamingDetection") : Confinement.confined("StreamingDetection");
  }

  /**
   * Evaluates one event. In event-time mode this may report windows that the event's time closed,
   * unless the event is a future one.
   *
   * @return which clause the event matched
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
    s.eventsSeen++;
    Instant t = event.time();
    Match m = detection.predicate().test(event);
    boolean future = t.isAfter(futureLimit());
    if (future) {
      s.futureEvents++;
      if (s.recentFuture.size() == StreamingStats.FUTURE_LISTED) {
        s.recentFuture.removeFirst();
      }
      s.recentFuture.addLast(new StreamingStats.FutureEvent(t, event.get(Field.DEST), event.origin()));
    }
    if (m.matched()) {
      s.eventsMatched++;
      Window w;
      try {
        w = detection.schedule().windowOf(t);
      } catch (ArithmeticException | DateTimeException e) {
        s.rejectedEvents++;
        Log.LOG.warn("event at {} from {} is beyond any window and is not aggregated", t, event.origin());
        return m;
      }
      hold(w, event);
    }
    if (outOfOrderBound != null && !future) {
      if (s.maxEventTime == null || t.isAfter(s.maxEventTime)) {
        s.maxEventTime = t;
      }
      advanceAlone(minus(s.maxEventTime, outOfOrderBound));
    } else if (s.groupsHeld > maxGroupsHeld) {
      emit();
    }
    return m;
  }

  /** Adds a matching event to its window: open, waiting for redelivery, or late. */
  private void hold(Window w, ProcessEvent event) {
    DetectionAggregate a = s.open.get(w);
    if (a == null) {
      if (w.end().isAfter(s.closedBefore)) {
        a = new DetectionAggregate();
        s.open.put(w, a);
      } else {
        s.lateEvents++;
        a = s.late.computeIfAbsent(w, k -> new DetectionAggregate());
      }
    }
    int before = a.size();
    a.add(event);
    s.groupsHeld += a.size() - before;
  }

  /** Events after this are future: the later of the clock and the time reached, plus the skew bound. */
  private Instant futureLimit() {
    Instant now = clock.instant();
    Instant base = s.timeReached != null && s.timeReached.isAfter(now) ? s.timeReached : now;
    return Instant.MAX.minus(maxClockSkew).isAfter(base) ? base.plus(maxClockSkew) : Instant.MAX;
  }

  private static Instant minus(Instant t, Duration d) {
    return Instant.MIN.plus(d).isBefore(t) ? t.minus(d) : Instant.MIN;
  }

  /**
   * Advances time to {@code now}: reports pending late events, then every window whose run time is
   * at or before {@code now}, oldest first. Time never goes back: an earlier {@code now} still
   * reports pending late events but closes nothing.
   */
  public void advanceTo(Instant now) {
    boolean entered = use.enter();
    try {
      advanceAlone(now);
    } finally {
      use.exit(entered);
    }
  }

  private void advanceAlone(Instant now) {
    if (s.timeReached == null || now.isAfter(s.timeReached)) {
      s.timeReached = now;
    }
    Instant closeBefore = minus(now, detection.schedule().lag());
    if (closeBefore.isAfter(s.closedBefore)) {
      s.closedBefore = closeBefore;
    }
    emit();
  }

  /** Advances time to the clock's now. */
  public void advance() {
    advanceTo(clock.instant());
  }

  /** Reports every window now, as at the end of the input: later events for them will be late. */
  public void flush() {
    boolean entered = use.enter();
    try {
      if (!s.open.isEmpty() && s.open.lastKey().end().isAfter(s.closedBefore)) {
        s.closedBefore = s.open.lastKey().end();
      }
      emit();
    } finally {
      use.exit(entered);
    }
  }

  /**
   * Reports late events, then closed windows, oldest first, then (past the cap) the oldest windows;
   * stops at the first listener failure so that order is kept on redelivery.
   */
  private void emit() {
    if (delivering) {
      return; // a listener advancing time: the loop below picks up what it closes
    }
    delivering = true;
    try {
      while (!s.late.isEmpty()) {
        if (!deliver(s.late, s.late.firstKey(), true)) {
          return;
        }
      }
      while (!s.open.isEmpty() && !s.open.firstKey().end().isAfter(s.closedBefore)) {
        if (!deliver(s.open, s.open.firstKey(), false)) {
          return;
        }
      }
      while (s.groupsHeld > maxGroupsHeld && !s.open.isEmpty()) {
        Window oldest = s.open.firstKey();
        if (oldest.end().isAfter(s.closedBefore)) {
          s.closedBefore = oldest.end();
        }
        s.overflowReports++;
        Log.LOG.warn("{} result groups held, more than the cap of {}: window {} is reported early",
            s.groupsHeld, maxGroupsHeld, oldest);
        if (!deliver(s.open, oldest, false)) {
          return;
        }
      }
    } finally {
      delivering = false;
    }
  }

  /** Hands one window's report to the listener and releases its state only when that returned. */
  private boolean deliver(Map<Window, DetectionAggregate> from, Window w, boolean late) {
    DetectionAggregate a = Objects.requireNonNull(from.get(w));
    try {
      listener.accept(late ? detection.reportLate(a, w) : detection.report(a, w));
    } catch (RuntimeException e) {
      s.listenerFailures++;
      Log.LOG.warn("the listener failed on window {}; it is kept and delivered again at the next advance", w, e);
      return false;
    }
    from.remove(w);
    s.groupsHeld -= a.size();
    s.windowsReported++;
    return true;
  }

  /** The number of windows holding state (not yet reported, plus late events not yet reported). */
  public int windowsHeld() {
    return stats().windowsHeld();
  }

  /** The number of distinct groups held in state, over all windows. */
  public long groupsHeld() {
    return stats().groupsHeld();
  }

  /** How many matching events arrived after their window was reported. */
  public long lateEvents() {
    return stats().lateEvents();
  }

  /** Every count, the time reached and its lag behind the clock, as one consistent snapshot. */
  public StreamingStats stats() {
    boolean entered = use.enter();
    try {
      Duration lag = s.timeReached == null ? null : lag(s.timeReached);
      return new StreamingStats(s.eventsSeen, s.eventsMatched, s.lateEvents, s.futureEvents, s.rejectedEvents,
          s.windowsReported, s.open.size() + s.late.size(), s.groupsHeld, s.listenerFailures, s.overflowReports,
          s.timeReached, lag, s.recentFuture.stream().toList());
    } finally {
      use.exit(entered);
    }
  }

  private Duration lag(Instant reached) {
    try {
      return Duration.between(reached, clock.instant());
    } catch (ArithmeticException e) {
      return reached.isAfter(clock.instant()) ? Duration.ofSeconds(Long.MIN_VALUE) : Duration.ofSeconds(Long.MAX_VALUE);
    }
  }

  /**
   * Writes this detection's whole state (open, waiting and late windows, time reached, counts) to
   * {@code out} in the format of {@code docs/streaming.md}, version {@value StreamingSnapshot#VERSION}.
   * Does not close {@code out}. When thread-safe, events accepted meanwhile by other threads wait.
   *
   * @throws IOException when {@code out} fails
   */
  public void snapshot(OutputStream out) throws IOException {
    boolean entered = use.enter();
    try {
      StreamingSnapshot.write(s, detection.schedule(), throttles(detection).stream().map(Throttle::state).toList(), out);
    } finally {
      use.exit(entered);
    }
  }

  /** Builds a {@link StreamingDetection}. Not thread-safe. */
  public static final class Builder {
    private final Detection detection;
    private final Consumer<DetectionReport> listener;
    private Clock clock = Clock.systemUTC();
    private @Nullable Duration outOfOrderBound;
    private Duration maxClockSkew = Duration.ofMinutes(10);
    private long maxGroupsHeld = 1_000_000;
    private boolean threadSafe;

    Builder(Detection detection, Consumer<DetectionReport> listener) {
      this.detection = detection;
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The clock that {@link StreamingDetection#advance()} reads and that future events are judged
     * by; the system clock by default.
     */
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
      this.outOfOrderBound = requireNotNegative("outOfOrderBound", outOfOrderBound);
      return this;
    }

    /**
     * How far after the later of the clock and the time reached an event may be dated and still
     * advance time; 10 minutes by default. A later event is a future event: aggregated in its own
     * window, counted and listed in {@link StreamingStats}, but it closes no window.
     *
     * @throws IllegalArgumentException when the bound is negative
     */
    public Builder maxClockSkew(Duration bound) {
      this.maxClockSkew = requireNotNegative("maxClockSkew", bound);
      return this;
    }

    /**
     * The most result groups held before the oldest window is reported early; one million by
     * default (roughly 1 GiB of heap at worst, usually far less as values are shared).
     *
     * @throws IllegalArgumentException when {@code max} is not positive
     */
    public Builder maxGroupsHeld(long max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxGroupsHeld must be positive but was " + max);
      }
      this.maxGroupsHeld = max;
      return this;
    }

    /**
     * Makes the detection safe for any number of threads calling at once: every method takes its
     * lock. Without it, the detection is confined to one thread at a time and overlapping calls fail
     * with {@link java.util.ConcurrentModificationException} (see the class description).
     *
     * @since 0.1.0
     */
    public Builder threadSafe() {
      this.threadSafe = true;
      return this;
    }

    private static Duration requireNotNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative but was " + d);
      }
      return d;
    }

    /** The streaming evaluation. */
    public StreamingDetection build() {
      return new StreamingDetection(this, new State());
    }

    /**
     * The streaming evaluation, continuing from a {@link StreamingDetection#snapshot}: it reports what
     * the detection that wrote the snapshot would have reported. Configure it as that one was (the
     * schedule is checked; the listener, clock and bounds are this builder's). Reads exactly the
     * snapshot's bytes and does not close {@code in}.
     *
     * @throws SnapshotException when the bytes are not a whole, undamaged snapshot of a readable
     *     version taken under this detection's schedule; nothing is restored then
     * @throws IOException when {@code in} fails
     */
    public StreamingDetection restore(InputStream in) throws IOException {
      State state = StreamingSnapshot.read(in, detection.schedule());
      List<Throttle.State> saved = new ArrayList<>(state.throttles);
      for (Throttle t : throttles(detection)) {
        for (Iterator<Throttle.State> it = saved.iterator(); it.hasNext(); ) {
          Throttle.State st = it.next();
          if (st.fields().equals(t.fields())) {
            t.restore(st);
            it.remove();
            break;
          }
        }
      }
      state.throttles.clear();
      return new StreamingDetection(this, state);
    }
  }

  /** The detection's {@link Throttle} filters, in order. */
  private static List<Throttle> throttles(Detection detection) {
    List<Throttle> found = new ArrayList<>();
    for (DetectionFilter f : detection.filters()) {
      if (f instanceof Throttle t) {
        found.add(t);
      }
    }
    return found;
  }
}
