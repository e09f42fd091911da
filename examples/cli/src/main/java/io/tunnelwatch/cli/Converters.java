package io.tunnelwatch.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Option values whose errors say what a valid value looks like; each throws
 * {@link IllegalArgumentException} with that message ({@link Arguments} names the option).
 */
final class Converters {
  private Converters() {}

  /** An ISO-8601 instant: {@code 2024-04-23T08:00:00Z} or with an offset, {@code 2024-04-23T10:00:00+02:00}. */
  static Instant time(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "'" + value + "' is not an ISO-8601 instant such as 2024-04-23T08:00:00Z or 2024-04-23T10:00:00+02:00", e2);
      }
    }
  }

  /** A time zone id or offset. */
  static ZoneId zone(String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + value + "' is not a time zone such as UTC, Europe/Paris or +02:00", e);
    }
  }

  /** A positive duration: a whole number with {@code ms}, {@code s} or {@code m}, or ISO-8601 such as {@code PT10S}. */
  static Duration duration(String value) {
    Duration d;
    try {
      if (value.startsWith("P") || value.startsWith("p")) {
        d = Duration.parse(value);
      } else if (value.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else if (value.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      } else if (value.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      } else {
        d = Duration.ZERO;
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      d = Duration.ZERO;
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("'" + value + "' is not a positive duration such as 500ms, 10s, 2m or PT10S");
    }
    return d;
  }

  /** An output format by its lower-case name, any case. */
  static OutputFormat output(String value) {
    for (OutputFormat f : OutputFormat.values()) {
      if (f.toString().equalsIgnoreCase(value)) {
        return f;
      }
    }
    throw new IllegalArgumentException("expected one of table, jsonl, csv but was '" + value + "'");
  }
}
