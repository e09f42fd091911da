// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * How {@code firstTime}, {@code lastTime} and window times are written. {@link #SPLUNK} is the
 * detection's own rendering and the default; the others keep what it drops (the zone, the fraction).
 *
 * @since 0.1.0
 */
public enum TimeFormat {
  /** Splunk's {@code %Y-%m-%dT%H:%M:%S} in the zone: truncated to the second, no offset. */
  SPLUNK,
  /**
   * RFC 3339 in the zone, with its offset ({@code Z} for UTC) and every fractional digit the instant
   * has, trailing zeros dropped: {@code 2024-04-23T10:48:30.4493768+02:00}, {@code 2024-04-23T08:48:30Z}.
   */
  RFC3339,
  /**
   * Seconds since 1970-01-01T00:00:00Z with the fraction the instant has, trailing zeros dropped, as
   * Splunk's {@code _time}: {@code 1713862110.4493768}; the zone does not apply.
   */
  EPOCH;

  private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .appendOffset("+HH:MM", "Z")
      .toFormatter(Locale.ROOT);

  /**
   * {@code time} in this format: a {@link String}, or for {@link #EPOCH} a {@link BigDecimal} (a
   * number in JSON, written without an exponent).
   */
  public Object format(Instant time, ZoneId zone) {
    return switch (this) {
      case SPLUNK -> DetectionResult.formatTime(time, zone);
      case RFC3339 -> RFC_3339.format(time.atZone(zone));
      case EPOCH -> epochSeconds(time);
    };
  }

  /** Seconds since the epoch with the instant's fraction, trailing zeros dropped, never an exponent. */
  public static BigDecimal epochSeconds(Instant time) {
    BigDecimal s = BigDecimal.valueOf(time.getEpochSecond()).add(BigDecimal.valueOf(time.getNano(), 9))
        .stripTrailingZeros();
    // stripTrailingZeros turns 1713862110 into 1.71386211E+9; a scale of 0 writes it plainly.
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  /** The format by its lower-case name ({@code splunk}, {@code rfc3339}, {@code epoch}), any case. */
  public static TimeFormat of(String name) {
    for (TimeFormat f : values()) {
      if (f.toString().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("time format must be one of splunk, rfc3339, epoch but was '" + name + "'");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
