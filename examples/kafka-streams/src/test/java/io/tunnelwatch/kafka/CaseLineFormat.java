// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.tck.conformance.ConformanceCases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A line format that carries a {@link ProcessEvent} exactly (time to the nanosecond and the 20
 * values), so that the conformance cases, which are built as events, can be fed to the topology as
 * raw lines through the real {@link EventFormat} SPI: {@code tw-case}, the ISO-8601 instant and the
 * 20 values in {@link Field} order, separated by tabs.
 */
public final class CaseLineFormat implements EventFormat {
  private static final String PREFIX = "tw-case\t";

  /** For {@link java.util.ServiceLoader}. */
  public CaseLineFormat() {}

  static String line(ProcessEvent e) {
    StringBuilder b = new StringBuilder(PREFIX).append(e.time());
    for (Field f : Field.values()) {
      String v = e.get(f);
      if (v.indexOf('\t') >= 0 || v.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a case value cannot hold a tab or a line break: " + f.cimName());
      }
      b.append('\t').append(v);
    }
    return b.toString();
  }

  /** A devtunnel execution on {@code dest} at {@code time} (hh:mm:ss on the cases' day), as a line. */
  static String devtunnelLine(String time, String dest) {
    return line(ConformanceCases.devtunnel(time, dest));
  }

  /** A process creation that does not match, which only moves event time, as a line. */
  static String otherLine(String time) {
    return line(ConformanceCases.event(time, "WS-99", "notepad.exe", "NOTEPAD.EXE"));
  }

  @Override
  public String id() {
    return "tw-case";
  }

  @Override
  public LineClaim claim(byte[] line, int offset, int length) {
    String start = new String(line, offset, Math.min(length, PREFIX.length()), StandardCharsets.UTF_8);
    return start.equals(PREFIX) ? LineClaim.FORMAT : LineClaim.NO;
  }

  @Override
  public LineParser newParser() {
    return (line, offset, length, origin) -> parse(new String(line, offset, length, StandardCharsets.UTF_8), origin);
  }

  private static LineOutcome parse(String line, EventOrigin origin) {
    String[] parts = line.split("\t", -1);
    if (parts.length != 2 + Field.values().length) {
      return LineOutcome.reject(null, "expected " + (2 + Field.values().length) + " tab-separated parts but found " + parts.length);
    }
    Instant time;
    try {
      time = Instant.parse(parts[1]);
    } catch (DateTimeParseException e) {
      return LineOutcome.reject("_time", "not an ISO-8601 instant");
    }
    ProcessEvent.Builder b = ProcessEvent.builder(time, origin);
    int i = 2;
    for (Field f : Field.values()) {
      b.set(f, parts[i++]);
    }
    return LineOutcome.event(b.build());
  }
}
