// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: one daemon thread that watches every running filter call and reports a call that has
 * been running for longer than its evaluation allows, while it still runs.
 *
 * <p>The cost on the deciding thread is two ordered stores per call ({@link Watch#begin},
 * {@link Watch#end}): no clock read, no allocation, no lock. The watchdog samples each watch's call
 * counter a few times per threshold and measures time itself from the first sample that saw a call,
 * so a report comes between one threshold and one threshold plus a sampling interval after the call
 * started, and the duration it gives is never more than the call has really taken. The thread starts
 * with the first watch and ends after {@link #LINGER} without one.
 */
public final class FilterWatchdog {
  /** The logger, created when first needed: SLF4J's start-up costs tens of milliseconds. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(FilterWatchdog.class);
  }

  /** The thread's name. */
  public static final String THREAD_NAME = "tunnelwatch-filter-watchdog";

  /** How long the thread waits for a new watch before it ends. */
  static final Duration LINGER = Duration.ofSeconds(10);

  private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK = TimeUnit.MILLISECONDS.toNanos(500);

  private static final FilterWatchdog INSTANCE = new FilterWatchdog();

  private final Object lock = new Object();
  private final Set<Watch> watches = new HashSet<>(); // guarded by lock
  private @Nullable Thread thread; // guarded by lock

  private FilterWatchdog() {}

  /** What the watchdog tells an evaluation; called on the watchdog thread. */
  @FunctionalInterface
  public interface Report {
    /**
     * The call of filter number {@code filter} on {@code subject} has been running for at least
     * {@code elapsed}.
     */
    void slow(int filter, Object subject, Duration elapsed);
  }

  /**
   * Starts watching one evaluation's filter calls; the caller closes the watch when it is done. Calls
   * running longer than {@code after} are given to {@code report}, again after each further
   * {@code after} while they run.
   */
  public static Watch watch(Duration after, Report report) {
    Watch w = new Watch(after.toNanos(), report);
    INSTANCE.register(w);
    return w;
  }

  /**
   * One evaluation's filter calls, made on one thread: {@link #begin} before each call and
   * {@link #end} after it.
   */
  public static final class Watch implements AutoCloseable {
    private final long afterNanos;
    private final Report report;
    /** Incremented by begin and by end: odd while a call runs. Written by the deciding thread only. */
    private final AtomicLong calls = new AtomicLong();
    // Published by the release store of calls in begin().
    private int filter;
    private @Nullable Object subject;
    // The watchdog thread's own state.
    private long seenCall = -1;
    private long seenAt;
    private long reportAt;

    private Watch(long afterNanos, Report report) {
      this.afterNanos = afterNanos;
      this.report = report;
    }

    /** A call of filter number {@code filter} on {@code subject} starts. */
    public void begin(int filter, Object subject) {
      this.filter = filter;
      this.subject = subject;
      calls.setRelease(calls.getPlain() + 1);
    }

    /** The call ended, normally or not. */
    public void end() {
      calls.setRelease(calls.getPlain() + 1);
    }

    /** Stops watching. */
    @Override
    public void close() {
      INSTANCE.unregister(this);
    }

    private long tick() {
      return Math.max(MIN_TICK, Math.min(MAX_TICK, afterNanos / 8));
    }

    /** On the watchdog thread: report the running call if it has run long enough. */
    void check(long now) {
      long call = calls.getAcquire();
      if ((call & 1) == 0) {
        return;
      }
      if (call != seenCall) {
        seenCall = call;
        seenAt = now;
        reportAt = now + afterNanos;
        return;
      }
      if (now - reportAt < 0) {
        return;
      }
      int f = filter;
      Object s = subject;
      VarHandle.acquireFence(); // the two reads above happen before the re-read below
      if (s == null || calls.getAcquire() != call) {
        return; // the call ended while we read: nothing to report
      }
      reportAt = now + afterNanos;
      try {
        report.slow(f, s, Duration.ofNanos(now - seenAt));
      } catch (Throwable t) { // a listener's failure must not stop the watchdog for every evaluation
        Log.LOG.warn("a slow-filter listener failed", t);
      }
    }
  }

  private void register(Watch w) {
    synchronized (lock) {
      watches.add(w);
      if (thread == null) {
        start();
      } else {
        lock.notifyAll();
      }
    }
  }

  private void start() {
    Thread t = new Thread(this::run, THREAD_NAME);
    t.setDaemon(true);
    t.setContextClassLoader(null); // hold no application's class loader
    thread = t;
    t.start();
  }

  private void unregister(Watch w) {
    synchronized (lock) {
      watches.remove(w);
    }
  }

  private void run() {
    try {
      while (true) {
        List<Watch> now;
        long tick = MAX_TICK;
        synchronized (lock) {
          if (watches.isEmpty()) {
            lock.wait(LINGER.toMillis());
            if (watches.isEmpty()) {
              thread = null;
              return;
            }
          }
          now = new ArrayList<>(watches);
        }
        long time = System.nanoTime();
        for (Watch w : now) {
          w.check(time);
          tick = Math.min(tick, w.tick());
        }
        TimeUnit.NANOSECONDS.sleep(tick);
      }
    } catch (InterruptedException e) {
      synchronized (lock) {
        thread = null;
        if (!watches.isEmpty()) {
          start(); // nobody should interrupt this thread; if someone did, a successor takes over
        }
      }
    }
  }
}
