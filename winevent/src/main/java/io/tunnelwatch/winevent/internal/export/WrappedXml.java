// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tunnelwatch.winevent.internal.ByteScan;
import io.tunnelwatch.winevent.internal.json.JsonProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Not API: the Windows event XML that Splunk carries inside JSON lines, unwrapped: a search export
 * ({@code {"preview":false,"result":{"_raw":"<Event…","_time":…}}}, the string {@code _raw} of the
 * top-level object {@code result}) and an HEC event ({@code {"event":"<Event…","sourcetype":…}},
 * the top-level string {@code event}). An HEC {@code event} that is an object is not wrapped XML.
 * Thread-safe.
 *
 * <p>{@link #recognises} is the cheap look at the bytes that routes a line here; {@link #unwrap}
 * reads the whole line with Jackson's streaming parser and decides. Rejected: text that is not one
 * JSON object (RFC 8259) with nothing after it; a key twice in one object (JSON readers disagree on
 * which wins, so an attacker could show one event to one tool and another to the next); both
 * {@code result._raw} and {@code event} holding XML, for the same reason; the XML string containing
 * an unpaired surrogate (a lone high or low surrogate escape), which has no UTF-8; and strings, keys, numbers or
 * nesting beyond the limits. Rejections name the field, never the payload.
 *
 * @since 0.1.0
 */
public final class WrappedXml {
  /** The default limit on the XML string: 1 Mi characters, as the splitter's 1 MiB per event. */
  public static final int DEFAULT_MAX_XML_CHARS = 1 << 20;

  private static final String EVENT_START = "<Event";
  private static final String RAW_KEY = "_raw\"";
  private static final String EVENT_KEY = "event\"";
  private static final long QUOTES = ByteScan.broadcast('"');
  private static final long UNDERSCORES = ByteScan.broadcast('_');
  private static final long ES = ByteScan.broadcast('e');

  private final int maxXmlChars;
  private final JsonFactory json;

  /** Unwraps XML strings of up to {@link #DEFAULT_MAX_XML_CHARS} characters. */
  public WrappedXml() {
    this(DEFAULT_MAX_XML_CHARS);
  }

  /**
   * Unwraps XML strings of up to {@code maxXmlChars} characters; any longer string in the line is
   * rejected.
   *
   * @throws IllegalArgumentException when {@code maxXmlChars} is not positive
   */
  public WrappedXml(int maxXmlChars) {
    if (maxXmlChars <= 0) {
      throw new IllegalArgumentException("maxXmlChars must be positive but was " + maxXmlChars);
    }
    this.maxXmlChars = maxXmlChars;
    this.json = JsonProblem.factory(maxXmlChars);
  }

  /** The longest XML string, in characters, that is unwrapped. */
  public int maxXmlChars() {
    return maxXmlChars;
  }

  /**
   * Whether {@code line[offset, offset + length)} looks like wrapped XML, without parsing it: after
   * optional white space (and a UTF-8 BOM) it starts with a left brace, and somewhere holds
   * {@code "_raw"} or {@code "event"}, optional white space, {@code :}, optional white space and a
   * string starting {@code "<Event} (or with the {@code <} written as a backslash-u escape). Linear
   * in the line, no allocation.
   *
   * <p>It can misjudge, and {@link #unwrap} decides: it says yes when the key is not where it
   * counts (an {@code event} inside another object, a {@code _raw} outside {@code result}) or when
   * the line is not valid JSON at all; it says no when a writer escaped the key's letters or the
   * {@code E} of {@code Event}. It never says yes for a CrowdStrike FDR line, whose keys
   * ({@code event_simpleName}, {@code event_platform}) are not {@code event}, and whose values
   * cannot hold the pattern: a quote inside a JSON string is always escaped.
   */
  public static boolean recognises(byte[] line, int offset, int length) {
    int end = offset + length;
    int i = offset;
    if (end - i >= 3 && (line[i] & 0xFF) == 0xEF && (line[i + 1] & 0xFF) == 0xBB && (line[i + 2] & 0xFF) == 0xBF) {
      i += 3;
    }
    i = skipSpace(line, i, end);
    if (i >= end || line[i] != '{') {
      return false;
    }
    // Every Kafka record is asked (EventReader.read(byte[])): only a quote before a _ or an e can
    // open the key, and such pairs are looked for eight bytes at a time; an FDR line has two.
    for (i++; i + 9 <= end; i += 8) {
      long next = ByteScan.word(line, i + 1);
      long m = ByteScan.eq(ByteScan.word(line, i), QUOTES) & (ByteScan.eq(next, UNDERSCORES) | ByteScan.eq(next, ES));
      for (; m != 0; m &= m - 1) {
        if (wrapsAt(line, i + ByteScan.lowest(m), end)) {
          return true;
        }
      }
    }
    for (; i < end; i++) {
      if (wrapsAt(line, i, end)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the byte at {@code i} is the quote that opens {@code "_raw"} or {@code "event"}
   * followed by optional white space, a colon, optional white space and an {@code <Event} string.
   */
  private static boolean wrapsAt(byte[] line, int i, int end) {
    if (line[i] != '"') {
      return false;
    }
    int after = keyEnd(line, i + 1, end);
    if (after < 0) {
      return false;
    }
    int j = skipSpace(line, after, end);
    if (j >= end || line[j] != ':') {
      return false;
    }
    j = skipSpace(line, j + 1, end);
    return j < end && line[j] == '"' && xmlStart(line, j + 1, end);
  }

  /** After the opening quote at {@code i}: the index after {@code _raw"} or {@code event"}, or -1. */
  private static int keyEnd(byte[] b, int i, int end) {
    if (regionMatches(b, i, end, RAW_KEY)) {
      return i + RAW_KEY.length();
    }
    return regionMatches(b, i, end, EVENT_KEY) ? i + EVENT_KEY.length() : -1;
  }

  private static boolean xmlStart(byte[] b, int i, int end) {
    return regionMatches(b, i, end, EVENT_START) || regionMatches(b, i, end, "\\u003cEvent")
        || regionMatches(b, i, end, "\\u003CEvent");
  }

  private static boolean regionMatches(byte[] b, int i, int end, String s) {
    if (end - i < s.length()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (b[i + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpace(byte[] b, int i, int end) {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    return i;
  }

  /**
   * The XML that {@code line[offset, offset + length)} (UTF-8 JSON) wraps, as UTF-8 bytes, JSON
   * escapes decoded ({@code \"}, {@code \\}, {@code \/}, {@code \n}, {@code \t}, backslash-u escapes,
   * surrogate pairs).
   *
   * @return the XML, or null when the line is valid JSON but wraps no XML: not an object, no
   *     {@code result._raw} or {@code event} string, or one that does not start {@code <Event}
   *     (such a line is another JSON form, for another reader)
   * @throws JsonProblem when the line is not valid JSON or breaks a rule above
   */
  public byte @Nullable [] unwrap(byte[] line, int offset, int length) throws JsonProblem {
    try (JsonParser p = json.createParser(line, offset, length)) {
      try {
        return read(p);
      } catch (JsonProcessingException e) {
        throw rejection(e, p);
      }
    } catch (IOException e) {
      // Reading a byte array does no I/O; the checked exception comes with Jackson's signatures.
      throw new JsonProblem(null, "not readable as JSON");
    }
  }

  private byte @Nullable [] read(JsonParser p) throws IOException, JsonProblem {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      p.skipChildren();
      requireEnd(p);
      return null;
    }
    @Nullable String raw = null;
    @Nullable String event = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("result") && value == JsonToken.START_OBJECT) {
        raw = readResult(p);
      } else if (name.equals("event") && value == JsonToken.VALUE_STRING) {
        event = xmlOrNull(p.getText());
      } else {
        p.skipChildren();
      }
    }
    requireEnd(p);
    if (raw != null && event != null) {
      throw new JsonProblem("event", "both result._raw and event hold XML");
    }
    String xml = raw != null ? raw : event;
    return xml == null ? null : utf8(xml, raw != null ? "result._raw" : "event");
  }

  /** Reads the {@code result} object; returns its {@code _raw} when that is XML. */
  private static @Nullable String readResult(JsonParser p) throws IOException {
    @Nullable String raw = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("_raw") && value == JsonToken.VALUE_STRING) {
        raw = xmlOrNull(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return raw;
  }

  private static @Nullable String xmlOrNull(String s) {
    return s.startsWith(EVENT_START) ? s : null;
  }

  private static void requireEnd(JsonParser p) throws IOException, JsonProblem {
    if (p.nextToken() != null) {
      throw new JsonProblem(null, "content after the JSON value");
    }
  }

  private static byte[] utf8(String xml, String field) throws JsonProblem {
    try {
      ByteBuffer out = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(xml));
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      // String.getBytes would silently write '?' for it and hand the parser another event.
      throw new JsonProblem(field, "an unpaired surrogate (a \\u escape) has no UTF-8");
    }
  }

  private JsonProblem rejection(JsonProcessingException e, JsonParser p) {
    return JsonProblem.of(e, p, maxXmlChars, "line");
  }
}
