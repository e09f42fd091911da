package io.tunnelwatch.cli;

import io.tunnelwatch.core.TimeFormat;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.StringJoiner;

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
