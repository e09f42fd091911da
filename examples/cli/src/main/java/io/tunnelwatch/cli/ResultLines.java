// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.core.TimeFormat;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON lines of results and risk events beyond the Splunk-compatible rows: Splunk HTTP Event Collector envelopes ({@code -o hec}, {@code --risk-output hec}): one JSON object
 * per line, as the {@code /services/collector/event} endpoint takes them (several in one request
 * body), so a file of them can be posted as it is.
 */
final class ResultLines {
  /** The {@code source} of every envelope. */
  static final String SOURCE = "tunnelwatch";
  /** The {@code sourcetype} of a result row. */
  static final String ROW_SOURCETYPE = "tunnelwatch:detection";
  /** The {@code sourcetype} of a risk event. */
  static final String RISK_SOURCETYPE = "tunnelwatch:risk";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultLines() {}

  /**
   * The envelope of {@code event}: {@code time} in epoch seconds with milliseconds (the precision
   * HEC documents; the event keeps its own times in full), {@code host}, {@code source},
   * {@code sourcetype}, {@code index} when given, then {@code event}.
   */
  static String hec(Map<String, Object> event, Instant time, String host, String sourcetype, @Nullable String index) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("time", TimeFormat.epochSeconds(time.truncatedTo(ChronoUnit.MILLIS)));
    envelope.put("host", host);
    envelope.put("source", SOURCE);
    envelope.put("sourcetype", sourcetype);
    if (index != null) {
      envelope.put("index", index);
    }
    envelope.put("event", event);
    return json(envelope);
  }

  /** {@code map} as one line of JSON, keys in the map's order. */
  static String json(Map<String, Object> map) {
    try {
      return MAPPER.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      // Maps of strings, numbers and booleans always serialise; this would be a bug.
      throw new UncheckedIOException(e);
    }
  }
}
