// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.winevent.internal.json.JsonProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class WrappedXmlTest {
  private static final List<String> LINES = EventXml.sampleLines(10);
  private static final WrappedXml WRAPPED = new WrappedXml();

  /** {@code s} as a JSON string the way Splunk writes one; optionally {@code \/} and ASCII only. */
  static String json(String s, boolean escapeSlash, boolean asciiOnly) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '/' -> b.append(escapeSlash ? "\\/" : "/");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7E)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static String splunkExport(String xml, boolean escapeSlash, boolean asciiOnly) {
    return "{\"preview\":false,\"offset\":3,\"result\":{\"_bkt\":\"main~12~4C2E\",\"_cd\":\"12:3456\","
        + "\"_raw\":" + json(xml, escapeSlash, asciiOnly) + ",\"_time\":\"2024-04-23T08:48:30.449+00:00\","
        + "\"host\":\"WKS-DEV-042\",\"EventCode\":[\"1\",\"1\"],\"sourcetype\":\"XmlWinEventLog\"}}";
  }

  static String hec(String xml, boolean eventFirst) {
    String meta = "\"time\":1713862110.449,\"host\":\"WKS-DEV-042\",\"source\":\"XmlWinEventLog:Security\","
        + "\"sourcetype\":\"XmlWinEventLog\",\"index\":\"main\",\"fields\":{\"event\":\"nested\"}";
    String event = "\"event\": " + json(xml, false, false);
    return eventFirst ? "{" + event + "," + meta + "}" : "{ " + meta + " , " + event + " }";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] unwrap(String line) throws JsonProblem {
    byte[] b = bytes(line);
    assertThat(WrappedXml.recognises(b, 0, b.length)).as("recognised").isTrue();
    byte[] xml = WRAPPED.unwrap(b, 0, b.length);
    if (xml == null) {
      throw new AssertionError("not unwrapped");
    }
    return xml;
  }

  @Test
  void splunkExportLines_fromSampleEvents_unwrapToTheEventsOwnBytes() throws JsonProblem {
    for (String line : LINES) {
      assertThat(unwrap(splunkExport(line, false, false))).isEqualTo(bytes(line));
      assertThat(unwrap(splunkExport(line, true, false))).isEqualTo(bytes(line));
    }
  }

  @Test
  void hecLines_fromSampleEvents_unwrapToTheEventsOwnBytes() throws JsonProblem {
    for (String line : LINES) {
      assertThat(unwrap(hec(line, true))).isEqualTo(bytes(line));
      assertThat(unwrap(hec(line, false))).isEqualTo(bytes(line));
    }
  }

  @Test
  void prettyPrintedXml_withNewlinesAndTabsEscaped_unwrapsToTheSameEvent() throws JsonProblem {
    String pretty = EventXml.pretty(LINES.get(0), "\t", "\r\n");

    byte[] xml = unwrap(splunkExport(pretty, true, false));

    assertThat(new String(xml, StandardCharsets.UTF_8)).isEqualTo(pretty);
    assertThat(EventXml.values(xml)).isEqualTo(EventXml.values(LINES.get(0)));
  }

  @Test
  void unicodeEscapes_includingSurrogatePairsAndAnEscapedLessThan_areDecoded() throws JsonProblem {
    String xml = LINES.get(0).replace("<Computer>", "<Computer>\u00e9\u4e2d\uD83D\uDE80");
    String line = splunkExport(xml, true, true).replace("\"_raw\":\"<", "\"_raw\":\"\\u003c");
    assertThat(line).contains("\\u003cEvent", "\\ud83d\\ude80", "\\u00e9").doesNotContain("\u00e9");

    assertThat(unwrap(line)).isEqualTo(bytes(xml));
  }

  @Test
  void hecEventThatIsAnObject_isNotWrappedXml() throws JsonProblem {
    byte[] line = bytes("{\"event\":{\"EventID\":1,\"Image\":\"C:\\\\x.exe\"},\"sourcetype\":\"_json\"}");

    assertThat(WrappedXml.recognises(line, 0, line.length)).isFalse();
    assertThat(WRAPPED.unwrap(line, 0, line.length)).isNull();
  }

  @Test
  void crowdStrikeFdrLines_areNeverRecognised() throws IOException, JsonProblem {
    Path dir = Path.of("..", "adapters-crowdstrike", "src", "test", "resources", "crowdstrike");
    List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("panther_fdr_processrollup2_win.jsonl")));
    lines.addAll(Files.readAllLines(dir.resolve("crowdstrike_processrollup2.example_log.json")));
    lines.removeIf(String::isBlank);
    assertThat(lines).hasSizeGreaterThan(10);
    for (String line : lines) {
      byte[] b = bytes(line);
      assertThat(WrappedXml.recognises(b, 0, b.length)).as(line.substring(0, 40)).isFalse();
      assertThat(WRAPPED.unwrap(b, 0, b.length)).isNull();
    }
  }

  @Test
  void recognises_looksOnlyAtTheGivenSlice_andAllowsSpaceAndABom() {
    byte[] line = bytes("xx\uFEFF  {\"result\" : { \"_raw\"  :\t\"<Event/>\"}}yy");
    int from = 2;
    int length = line.length - 4;

    assertThat(WrappedXml.recognises(line, from, length)).isTrue();
    assertThat(WrappedXml.recognises(line, from, 20)).isFalse();
    assertThat(WrappedXml.recognises(line, 0, line.length)).isFalse();
  }

  @Test
  void recognises_refusesOtherLines() {
    for (String line : List.of(
        "<Event xmlns='x'><System/></Event>",
        "[{\"event\":\"<Event/>\"}]",
        "{\"event_simpleName\":\"<Event/>\"}",
        "{\"event\":\"<Events>\"}".replace("<Events>", " <Event/>"),
        "{\"message\":\"he said \\\"event\\\": \\\"<Event\\\"\"}",
        "{\"_raw\":\"Event\"}",
        "",
        "   ")) {
      byte[] b = bytes(line);
      assertThat(WrappedXml.recognises(b, 0, b.length)).as(line).isFalse();
    }
  }

  @Test
  void recognisedButNotWhereItCounts_isDecidedByTheFullParse() throws JsonProblem {
    for (String line : List.of(
        "{\"_raw\":\"<Event/>\"}",
        "{\"fields\":{\"event\":\"<Event/>\"}}",
        "{\"result\":{\"x\":{\"_raw\":\"<Event/>\"}}}")) {
      byte[] b = bytes(line);
      assertThat(WrappedXml.recognises(b, 0, b.length)).as(line).isTrue();
      assertThat(WRAPPED.unwrap(b, 0, b.length)).as(line).isNull();
    }
  }

  @Test
  void validJsonWrappingNoXml_isNull() throws JsonProblem {
    for (String line : List.of("[1,2]", "\"<Event/>\"", "{\"result\":{\"_raw\":\"plain text\"}}",
        "{\"result\":\"<Event/>\"}", "{\"result\":{\"_raw\":42}}", "{}")) {
      byte[] b = bytes(line);
      assertThat(WRAPPED.unwrap(b, 0, b.length)).as(line).isNull();
    }
  }

  @Test
  void malformedJson_isRejectedNamingTheField_neverThePayload() {
    String secret = "<Event><Data Name='CommandLine'>pw=hunter2</Data></Event>";
    String raw = json(secret, false, false);
    assertRejected("{\"result\":{\"_raw\":" + raw.substring(0, raw.length() - 1), "result._raw",
        "the line ends inside the JSON");
    assertRejected("{\"result\":{\"_raw\":" + raw.replace("pw=", "pw\\x=") + "}}", "result._raw",
        "not valid JSON near column");
    assertRejected("{\"event\":" + raw + ",\"event\":" + raw + "}", "event", "a key appears twice");
    assertRejected("{\"result\":{\"_raw\":" + raw + ",\"_raw\":\"x\"}}", "result._raw", "a key appears twice");
    assertRejected("{\"result\":{\"_raw\":" + raw + "},\"event\":" + raw + "}", "event",
        "both result._raw and event hold XML");
    assertRejected("{\"event\":" + raw + "} {\"x\":\"hunter2\"}", null, "content after the JSON value");
    assertRejected("{\"event\":" + raw + "} hunter2", null, "not valid JSON near column");
    assertRejected("{\"event\":" + raw.replace("hunter2", "hunter2\\ud800") + "}", "event",
        "an unpaired surrogate (a \\u escape) has no UTF-8");
    assertRejected("{\"host\":hunter2,\"event\":" + raw + "}", "host", "not valid JSON near column");
  }

  @Test
  void limits_areRejectedNamingTheLimit() {
    WrappedXml small = new WrappedXml(32);
    byte[] longString = bytes("{\"event\":" + json(LINES.get(0), false, false) + "}");
    assertThatThrownBy(() -> small.unwrap(longString, 0, longString.length))
        .isInstanceOfSatisfying(JsonProblem.class, e -> {
          assertThat(e.field()).isEqualTo("event");
          assertThat(e.reason()).isEqualTo("a string longer than 32 characters");
        });
    byte[] deep = bytes("{\"fields\":" + "[".repeat(40) + "]".repeat(40) + ",\"event\":\"<Event/>\"}");
    assertThatThrownBy(() -> WRAPPED.unwrap(deep, 0, deep.length))
        .isInstanceOfSatisfying(JsonProblem.class,
            e -> assertThat(e.reason()).isEqualTo("nested deeper than 32"));
    assertThatThrownBy(() -> new WrappedXml(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxXmlChars must be positive but was 0");
  }

  @Test
  void unwrappedXml_splitsIntoTheSameEvent() throws JsonProblem {
    byte[] xml = unwrap(hec(LINES.get(2), true));

    Collected c = Collected.split(xml);

    assertThat(c.events).singleElement().satisfies(e -> assertThat(e.utf8()).isEqualTo(bytes(LINES.get(2))));
  }

  private static void assertRejected(String line, @Nullable String field, String reason) {
    byte[] b = bytes(line);
    assertThatThrownBy(() -> WRAPPED.unwrap(b, 0, b.length)).as(line)
        .isInstanceOfSatisfying(JsonProblem.class, e -> {
          assertThat(e.field()).as(line).isEqualTo(field);
          assertThat(e.reason()).as(line).startsWith(reason);
          assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("CommandLine");
        });
  }
}
