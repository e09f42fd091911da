// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a JSON document: every key path ({@code winlog.process.thread.id}, array elements
 * as {@code process.args[]}) with the kinds of value found there. A kind is the JSON node type and,
 * for strings, their style: GUID braces and case, {@code 0x} hex case, time format and fraction
 * digits, decimal, an XML fragment, or other text.
 *
 * @param kinds the kinds of value at each path, paths sorted
 */
record Shape(Map<String, Set<String>> kinds) {
  private static final Pattern GUID = Pattern.compile(
      "(\\{?)[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(}?)");
  private static final Pattern HEX = Pattern.compile("0x[0-9A-Fa-f]+");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");
  private static final Pattern TIME =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}([T ])[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.([0-9]+))?(Z?)");

  static Shape of(JsonNode node) {
    Map<String, Set<String>> kinds = new TreeMap<>();
    walk(node, "", kinds);
    return new Shape(kinds);
  }

  private static void walk(JsonNode node, String path, Map<String, Set<String>> kinds) {
    if (!path.isEmpty()) {
      kinds.computeIfAbsent(path, p -> new TreeSet<>()).add(kind(node));
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        walk(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), kinds);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        walk(element, path + "[]", kinds);
      }
    }
  }

  /** The node type, and for a string its style. */
  static String kind(JsonNode node) {
    if (node.isTextual()) {
      return "string:" + style(node.textValue());
    }
    if (node.isIntegralNumber()) {
      return "integer";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code guid{U}} braced upper case, {@code guid-l} bare lower case, {@code hex-U}; {@code 0}
   * for the case where the value has no letters; {@code time T.3Z} (separator, fraction digits,
   * zone); {@code decimal}; {@code xml}; {@code text}.
   */
  static String style(String value) {
    Matcher m = GUID.matcher(value);
    if (m.matches()) {
      return "guid" + (m.group(1).isEmpty() ? "-" : "{") + letterCase(value);
    }
    if (HEX.matcher(value).matches()) {
      return "hex-" + letterCase(value.substring(2));
    }
    if (DECIMAL.matcher(value).matches()) {
      return "decimal";
    }
    m = TIME.matcher(value);
    if (m.matches()) {
      return "time " + m.group(1) + (m.group(2) == null ? "" : "." + m.group(2).length()) + m.group(3);
    }
    if (value.startsWith("<EventData") || value.startsWith("<Event ")) {
      return "xml";
    }
    return "text";
  }

  private static String letterCase(String value) {
    boolean upper = !value.equals(value.toLowerCase(Locale.ROOT));
    boolean lower = !value.equals(value.toUpperCase(Locale.ROOT));
    return upper && lower ? "mixed" : upper ? "U" : lower ? "l" : "0";
  }

  /** True when the two kinds agree: equal, or the same style where one value has no letters. */
  static boolean compatible(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    boolean noLetters = a.endsWith("0") || b.endsWith("0");
    return noLetters && a.substring(0, a.length() - 1).equals(b.substring(0, b.length() - 1));
  }

  /**
   * Asserts that {@code rendered} has the shape of the real example {@code real}: the same key
   * paths but the listed exceptions (a path, or a prefix ending in {@code .*}, to a reason), and at
   * every common path kinds that agree. An exception that excuses nothing fails too, so that the
   * lists stay true.
   */
  static void assertMatches(String what, JsonNode real, JsonNode rendered,
      Map<String, String> notRendered, Map<String, String> notInReal) {
    Shape r = of(real);
    Shape m = of(rendered);
    Set<String> missing = new TreeSet<>(r.kinds.keySet());
    missing.removeAll(m.kinds.keySet());
    Set<String> extra = new TreeSet<>(m.kinds.keySet());
    extra.removeAll(r.kinds.keySet());
    assertThat(unexcused(missing, notRendered)).as(what + ": paths of the real example the rendering lacks").isEmpty();
    assertThat(unexcused(extra, notInReal)).as(what + ": paths of the rendering the real example lacks").isEmpty();
    assertThat(unused(missing, notRendered)).as(what + ": exceptions for absent paths that are not absent").isEmpty();
    assertThat(unused(extra, notInReal)).as(what + ": exceptions for extra paths that are not extra").isEmpty();
    Map<String, String> disagreements = new TreeMap<>();
    for (Map.Entry<String, Set<String>> k : r.kinds.entrySet()) {
      Set<String> ours = m.kinds.get(k.getKey());
      if (ours == null) {
        continue;
      }
      for (String realKind : k.getValue()) {
        if (ours.stream().noneMatch(kind -> compatible(realKind, kind))) {
          disagreements.put(k.getKey(), "real " + k.getValue() + ", rendered " + ours);
        }
      }
    }
    assertThat(disagreements).as(what + ": paths whose kinds of value differ").isEmpty();
  }

  private static Set<String> unexcused(Set<String> paths, Map<String, String> exceptions) {
    Set<String> left = new LinkedHashSet<>();
    for (String p : paths) {
      if (exceptions.keySet().stream().noneMatch(e -> covers(e, p))) {
        left.add(p);
      }
    }
    return left;
  }

  private static Set<String> unused(Set<String> paths, Map<String, String> exceptions) {
    Set<String> left = new TreeSet<>();
    for (String e : exceptions.keySet()) {
      if (paths.stream().noneMatch(p -> covers(e, p))) {
        left.add(e);
      }
    }
    return left;
  }

  private static boolean covers(String exception, String path) {
    return exception.endsWith(".*") ? path.startsWith(exception.substring(0, exception.length() - 1))
        : path.equals(exception) || path.startsWith(exception + ".") || path.startsWith(exception + "[]");
  }
}
