// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import io.tunnelwatch.core.internal.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One result row: a group of matching events with its {@code count}, {@code firstTime} and
 * {@code lastTime}, and the window it was found in. Times are kept as exact {@link Instant}s;
 * {@link #toRow} renders them as Splunk shows them.
 *
 * @param group the 20 field values the row is grouped by
 * @param count the number of matching events in the group
 * @param firstTime the earliest event time
 * @param lastTime the latest event time
 * @param window the scheduled window, or null for a search over explicit bounds or all time
 * @param late true when the row reports events that arrived after their window was reported
 * @param firstOrigin where the earliest event was read (file and line, or EVTX record id), or null
 *     when not known
 * @param lastOrigin where the latest event was read, or null when not known
 * @since 0.1.0
 */
public record DetectionResult(
    GroupKey group,
    long count,
    Instant firstTime,
    Instant lastTime,
    @Nullable Window window,
    boolean late,
    @Nullable EventOrigin firstOrigin,
    @Nullable EventOrigin lastOrigin) {

  /** The order of rows in a report: by window, then by group as {@code tstats} sorts, then late last. */
  public static final Comparator<DetectionResult> ORDER =
      Comparator.comparing(DetectionResult::window, Comparator.nullsFirst(Comparator.<Window>naturalOrder()))
          .thenComparing(DetectionResult::group)
          .thenComparing(DetectionResult::late);

  /**
   * The pattern of {@code firstTime} and {@code lastTime}: Splunk's {@code %Y-%m-%dT%H:%M:%S}, with
   * the proleptic year ({@code uuuu}: year 0 is {@code 0000}; the year of era, {@code yyyy}, printed
   * it as {@code 0001}).
   */
  public static final String TIME_PATTERN = "uuuu-MM-dd'T'HH:mm:ss";

  private static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern(TIME_PATTERN);

  /** Validates the parts. */
  public DetectionResult {
    Objects.requireNonNull(group, "group");
    new GroupStats(count, firstTime, lastTime); // validates count and times
  }

  /** A row whose events' origins are not known. */
  public DetectionResult(
      GroupKey group, long count, Instant firstTime, Instant lastTime, @Nullable Window window, boolean late) {
    this(group, count, firstTime, lastTime, window, late, null, null);
  }

  /**
   * The row of {@code group} with {@code stats} (count, times and origins).
   *
   * @since 0.1.0
   */
  public static DetectionResult of(GroupKey group, GroupStats stats, @Nullable Window window, boolean late) {
    return new DetectionResult(group, stats.count(), stats.firstTime(), stats.lastTime(), window, late,
        stats.firstOrigin(), stats.lastOrigin());
  }

  /** The value of {@code field}. */
  public String get(Field field) {
    return group.get(field);
  }

  /**
   * What the devtunnel command of this row does, read from its {@code process} (command line).
   *
   * @since 0.1.0
   */
  public DevtunnelCommand intent() {
    return DevtunnelCommand.parse(group.get(Field.PROCESS));
  }

  /** Count, times and origins as a {@link GroupStats}. */
  public GroupStats stats() {
    return new GroupStats(count, firstTime, lastTime, firstOrigin, lastOrigin);
  }

  /** The time as Splunk's ctime convert shows it in {@code zone}: truncated to the second. */
  public static String formatTime(Instant time, ZoneId zone) {
    return TIME_FORMAT.format(time.atZone(zone));
  }

  /**
   * The row as Splunk shows it, in a stable key order: the 20 field names without
   * {@code Processes.}, then {@code count} (a {@link Long}), {@code firstTime} and {@code lastTime}
   * (strings in {@code zone}).
   */
  public Map<String, Object> toRow(ZoneId zone) {
    return toRow(zone, TimeFormat.SPLUNK);
  }

  /**
   * The row of {@link #toRow(ZoneId)} with {@code firstTime} and {@code lastTime} in {@code format}
   * (same keys, same order).
   *
   * @since 0.1.0
   */
  public Map<String, Object> toRow(ZoneId zone, TimeFormat format) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Field f : Field.values()) {
      row.put(f.cimName(), group.get(f));
    }
    row.put("count", count);
    row.put("firstTime", format.format(firstTime, zone));
    row.put("lastTime", format.format(lastTime, zone));
    return row;
  }

  /** {@link #toRow(ZoneId)} in UTC. */
  public Map<String, Object> toRow() {
    return toRow(ZoneOffset.UTC);
  }

  /** The row of {@link #toRow(ZoneId)} as one line of JSON, with exactly those keys. */
  public String toJson(ZoneId zone) {
    return Json.write(toRow(zone));
  }
}
