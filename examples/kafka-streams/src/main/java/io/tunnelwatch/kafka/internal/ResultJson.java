// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.Suppression;
import io.tunnelwatch.core.Window;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Not API: a result row as one line of JSON: {@link DetectionResult#toRow} (the 20 fields,
 * {@code count}, {@code firstTime}, {@code lastTime} as Splunk shows them) followed by
 * {@code first_time_exact} and {@code last_time_exact} (ISO-8601 instants with full precision),
 * {@code window_start}, {@code window_end} and {@code late}; a suppressed row also has
 * {@code suppressed_by} and {@code reason}.
 */
public final class ResultJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultJson() {}

  /** A kept row. */
  public static String kept(DetectionResult row, ZoneId zone) {
    return write(row, zone, null);
  }

  /** A suppressed row. */
  public static String suppressed(Suppression s, ZoneId zone) {
    return write(s.result(), zone, s);
  }

  private static String write(DetectionResult row, ZoneId zone, @Nullable Suppression s) {
    Map<String, Object> m = row.toRow(zone);
    Window w = Objects.requireNonNull(row.window(), "a streamed row always has a window");
    m.put("first_time_exact", row.firstTime().toString());
    m.put("last_time_exact", row.lastTime().toString());
    m.put("window_start", w.start().toString());
    m.put("window_end", w.end().toString());
    m.put("late", row.late());
    if (s != null) {
      m.put("suppressed_by", s.filter());
      m.put("reason", s.reason());
    }
    try {
      return MAPPER.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      // A map of strings, numbers and booleans always serialises; this would be a bug.
      throw new UncheckedIOException(e);
    }
  }
}
