package io.tunnelwatch.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters whose errors say what a valid value looks like. */
final class Converters {
  private Converters() {}

  /** An ISO-8601 instant: {@code 2024-04-23T08:00:00Z} or with an offset, {@code 2024-04-23T10:00:00+02:00}. */
  static final class Time implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e2) {
          throw new TypeConversionException(
              "'" + value + "' is not an ISO-8601 instant such as 2024-04-23T08:00:00Z or 2024-04-23T10:00:00+02:00");
        }
      }
    }
  }

  /** A time zone id or offset. */
  static final class Zone implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value);
      } catch (DateTimeException e) {
        throw new TypeConversionException("'" + value + "' is not a time zone such as UTC, Europe/Paris or +02:00");
      }
    }
  }

  /** An output format by its lower-case name, any case. */
  static final class Output implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      for (OutputFormat f : OutputFormat.values()) {
        if (f.toString().equalsIgnoreCase(value)) {
          return f;
        }
      }
      throw new TypeConversionException("expected one of table, jsonl, csv but was '" + value + "'");
    }
  }
}
