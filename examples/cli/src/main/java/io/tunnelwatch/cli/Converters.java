// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.TimeFormat;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Option values whose errors say what a valid value looks like; each throws
 * {@link IllegalArgumentException} with that message ({@link Arguments} names the option).
 */
final class Converters {
  private Converters() {}

  /**
   * A time: an ISO-8601 instant, {@code 2024-04-23T08:00:00Z} or with an offset,
   * {@code 2024-04-23T10:00:00+02:00}; or {@code -DURATION}, that long before {@code now}, with
   * the units of {@link #duration} ({@code -24h}, {@code -90m}, {@code -PT90M}).
   */
  static Instant time(String value, Instant now) {
    if (value.startsWith("-")) {
      try {
        return now.minus(duration(value.substring(1)));
      } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
        throw new IllegalArgumentException("'" + value + "' is not a time before now such as -24h, -90m or -PT90M"
            + " (a duration of ms, s, m, h or d)", e);
      }
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 instant such as 2024-04-23T08:00:00Z or"
            + " 2024-04-23T10:00:00+02:00, nor a time before now such as -24h", e2);
      }
    }
  }

  /**
   * A non-negative duration: a whole number with {@code ms}, {@code s}, {@code m}, {@code h} or
   * {@code d}, or ISO-8601 ({@code PT10M}).
   */
  static Duration duration(String value) {
    Duration d;
    try {
      java.util.regex.Matcher m = DURATION.matcher(value);
      d = m.matches()
          ? Duration.of(Long.parseLong(m.group(1)), switch (m.group(2)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
          })
          : Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + value + "' is not a duration such as 500ms, 90s, 10m, 2h, 1d or PT10M", e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("'" + value + "' is negative; a duration such as 10m is expected");
    }
    return d;
  }

  private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  /** Comma-separated CIM field names ({@code dest,process_name}), each once. */
  static List<Field> fields(String value) {
    List<Field> fields = new ArrayList<>();
    for (String name : value.split(",", -1)) {
      Field f = Field.ofCimName(name.strip()); // its message names the value and the valid names
      if (fields.contains(f)) {
        throw new IllegalArgumentException("'" + value + "' names " + f.cimName() + " twice");
      }
      fields.add(f);
    }
    return fields;
  }

  /** A positive duration, as {@link #duration} reads it. */
  static Duration positiveDuration(String value) {
    Duration d;
    try {
      d = duration(value);
    } catch (IllegalArgumentException e) {
      d = Duration.ZERO;
    }
    if (d.isZero()) {
      throw new IllegalArgumentException("'" + value + "' is not a positive duration such as 500ms, 10s, 2m or PT10S");
    }
    return d;
  }

  /** A time zone id or offset. */
  static ZoneId zone(String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + value + "' is not a time zone such as UTC, Europe/Paris or +02:00", e);
    }
  }

  /** An output format by its lower-case name, any case. */
  static OutputFormat output(String value) {
    return format(value, List.of(OutputFormat.values()));
  }

  /** The format of the risk events ({@code --risk-output}): jsonl or hec. */
  static OutputFormat riskOutput(String value) {
    return format(value, List.of(OutputFormat.JSONL, OutputFormat.HEC));
  }

  private static OutputFormat format(String value, List<OutputFormat> valid) {
    for (OutputFormat f : valid) {
      if (f.toString().equalsIgnoreCase(value)) {
        return f;
      }
    }
    StringJoiner names = new StringJoiner(", ");
    for (OutputFormat f : valid) {
      names.add(f.toString());
    }
    throw new IllegalArgumentException("expected one of " + names + " but was '" + value + "'");
  }

  /** The format of times in rows and risk events ({@code --time-format}). */
  static TimeFormat timeFormat(String value) {
    return TimeFormat.of(value);
  }

  /**
   * A Splunk index name ({@code --hec-index}): lower-case letters, digits, {@code _} and {@code -},
   * not starting with {@code -}, as Splunk requires of index names.
   */
  static String hecIndex(String value) {
    if (!value.matches("[a-z0-9_][a-z0-9_-]*")) {
      throw new IllegalArgumentException("'" + value + "' is not a Splunk index name (lower-case letters, digits,"
          + " _ and -, not starting with -), such as main or risk");
    }
    return value;
  }
}
