// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Map;

/** Not API: the one JSON writer of the core, for rows and risk events. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code map} as one line of JSON, keys in the map's order. */
  public static String write(Map<String, Object> map) {
    try {
      return MAPPER.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      // Maps of strings and numbers always serialise; this would be a bug.
      throw new UncheckedIOException(e);
    }
  }

  /** The shared, configured mapper (thread-safe once configured). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
