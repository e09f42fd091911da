// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When the scheduled search runs and what each run covers. Splunk's default for this detection is
 * cron {@code 0 * * * *} with earliest {@code -70m@m} and latest {@code -10m@m}: a run at time
 * {@code T} covers {@code [floor_minute(T-70m), floor_minute(T-10m))}, so the windows are contiguous
 * hours from {@code hh:50} to {@code hh+1:50}, each evaluated 10 minutes after it closes.
 *
 * <p>Runs are at whole multiples of the interval since the epoch, in UTC. A value: schedules with
 * equal durations are equal. Immutable and thread-safe.
 *
 * @param interval how often the search runs
 * @param earliest how far before a run its window starts ({@code -earliest@m})
 * @param latest how far before a run its window ends ({@code -latest@m}): the lag
 * @since 0.1.0
 */
public record Schedule(Duration interval, Duration earliest, Duration latest) {
  private static final Schedule SPLUNK_HOURLY =
      new Schedule(Duration.ofHours(1), Duration.ofMinutes(70), Duration.ofMinutes(10));

  /**
   * A schedule that runs every {@code interval} and covers {@code [T-earliest, T-latest)}, snapped to
   * the minute. The windows must be contiguous: {@code earliest - latest == interval}.
   *
   * @throws IllegalArgumentException naming the bad value when a duration is not a positive whole
   *     number of minutes (latest may be zero) or the windows would overlap or leave gaps
   */
  public Schedule {
    requireWholeMinutes("interval", interval, false);
    requireWholeMinutes("earliest", earliest, false);
    requireWholeMinutes("latest", latest, true);
    if (!earliest.minus(latest).equals(interval)) {
      throw new IllegalArgumentException(
          "earliest - latest must equal the interval so that windows are contiguous, but was "
              + earliest + " - " + latest + " with interval " + interval);
    }
  }

  /** Splunk ES's default: hourly, earliest {@code -70m@m}, latest {@code -10m@m}. */
  public static Schedule splunkHourly() {
    return SPLUNK_HOURLY;
  }

  /**
   * The schedule {@link #Schedule(Duration, Duration, Duration) new Schedule(interval, earliest,
   * latest)}, validated as it is.
   */
  public static Schedule of(Duration interval, Duration earliest, Duration latest) {
    return new Schedule(interval, earliest, latest);
  }

  private static void requireWholeMinutes(String name, Duration d, boolean zeroAllowed) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || (!zeroAllowed && d.isZero()) || !d.equals(Duration.ofMinutes(d.toMinutes()))) {
      throw new IllegalArgumentException(
          name + " must be a " + (zeroAllowed ? "non-negative" : "positive") + " whole number of minutes but was " + d);
    }
  }

  /** How long after a window closes it is evaluated: {@link #latest()}. */
  public Duration lag() {
    return latest;
  }

  /** The window that a run at {@code runTime} covers. */
  public Window windowForRun(Instant runTime) {
    return new Window(
        runTime.minus(earliest).truncatedTo(ChronoUnit.MINUTES),
        runTime.minus(latest).truncatedTo(ChronoUnit.MINUTES));
  }

  /** The window that holds an event at {@code time}: exactly one, as the windows are contiguous. */
  public Window windowOf(Instant time) {
    long step = interval.toMillis();
    long shifted = time.plus(latest).toEpochMilli();
    long run = Math.floorDiv(shifted, step) * step + step;
    return windowForRun(Instant.ofEpochMilli(run));
  }

  /** When the run that covers {@code window} happens: its end plus the lag. */
  public Instant runTimeOf(Window window) {
    return window.end().plus(latest);
  }

  @Override
  public String toString() {
    return "Schedule{every " + interval + ", earliest -" + earliest + "@m, latest -" + latest + "@m}";
  }
}
