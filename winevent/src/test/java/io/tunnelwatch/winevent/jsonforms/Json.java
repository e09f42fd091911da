// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON with Jackson's generator (so every string is escaped correctly), prints trees the way
 * serde_json's pretty printer does, and re-escapes characters of a JSON text on demand.
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes the members of one object. */
  @FunctionalInterface
  interface Members {
    void write(JsonGenerator g) throws IOException;
  }

  private Json() {}

  /** One compact JSON object, without a newline. */
  static String object(Members members) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      members.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** Writes {@code "name":"value"}, or nothing when the value is null. */
  static void string(JsonGenerator g, String name, @Nullable String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** Writes the value as a JSON number when it is a plain decimal, else as a string. */
  static void numberOrString(JsonGenerator g, String name, @Nullable String value) throws IOException {
    Long n = Values.decimal(value);
    if (n != null) {
      g.writeNumberField(name, n);
    } else {
      string(g, name, value);
    }
  }

  /** Writes {@code "name":["value",…]}. */
  static void strings(JsonGenerator g, String name, Iterable<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** {@code node} as serde_json's {@code to_string_pretty} writes it: two-space indent, {@code "key": value}. */
  static String pretty(JsonNode node) {
    StringBuilder out = new StringBuilder();
    pretty(out, node, "");
    return out.toString();
  }

  private static void pretty(StringBuilder out, JsonNode node, String indent) {
    String inner = indent + "  ";
    if (node.isObject() && !node.isEmpty()) {
      out.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        out.append(inner).append(TextNode.valueOf(f.getKey())).append(": ");
        pretty(out, f.getValue(), inner);
        out.append(fields.hasNext() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (node.isArray() && !node.isEmpty()) {
      out.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        out.append(inner);
        pretty(out, node.get(i), inner);
        out.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else {
      out.append(node); // a scalar, {} or []: Jackson's compact text
    }
  }

  /**
   * Rewrites every code point inside the strings (keys and values) of a JSON text that
   * {@code which} accepts as {@code \}{@code uXXXX} escapes (two, a surrogate pair, above U+FFFF).
   * Escapes already present stay as they are; text outside strings is copied.
   */
  static String escapeAll(String json, IntPredicate which) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    boolean inString = false;
    int i = 0;
    while (i < json.length()) {
      int c = json.codePointAt(i);
      int n = Character.charCount(c);
      if (!inString) {
        inString = c == '"';
        out.appendCodePoint(c);
      } else if (c == '\\') {
        int end = Math.min(json.length(), i + (json.startsWith("u", i + 1) ? 6 : 2));
        out.append(json, i, end);
        n = end - i;
      } else if (c == '"') {
        inString = false;
        out.append('"');
      } else if (which.test(c)) {
        for (char unit : Character.toChars(c)) {
          out.append(String.format(Locale.ROOT, "\\u%04x", (int) unit));
        }
      } else {
        out.appendCodePoint(c);
      }
      i += n;
    }
    return out.toString();
  }
}
