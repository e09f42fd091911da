// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.WinEventException;
import io.tunnelwatch.winevent.internal.WinEventParser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The split events read by the XmlWinEventLog line parser ({@code WinEventParser}) give the values of
 * the lines they were made from.
 */
final class ExportThroughLineParserTest {
  private static final List<String> LINES = EventXml.sampleLines(10);
  private static final List<String> DATA = List.of("CommandLine", "Image", "NewProcessName", "UtcTime");

  /** The parser's reading of one event, or the rejection. */
  private static List<@Nullable String> parse(byte[] xml) {
    WinEvent event;
    try {
      event = new WinEventParser().parse(xml, 0, xml.length);
    } catch (WinEventException e) {
      return List.of("rejected: " + e.reason());
    }
    List<@Nullable String> values = new ArrayList<>(Arrays.asList(event.provider(), event.eventId(), event.version(),
        event.systemTime(), event.computer(), event.userId()));
    for (String name : DATA) {
      values.add(event.data(name));
    }
    return values;
  }

  @Test
  void eventViewerExportInUtf16_eachSplitEventReadsAsItsSourceLine() {
    XmlEventSplitterTest.Export export = XmlEventSplitterTest.eventViewerExport(LINES);
    byte[] input = XmlEventSplitterTest.encode(export.text(), StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE);

    Collected c = Collected.split(input);

    assertThat(c.events).hasSameSizeAs(LINES);
    for (int i = 0; i < LINES.size(); i++) {
      List<@Nullable String> split = parse(c.events.get(i).utf8());
      assertThat(split.get(0)).as("event %d", i).doesNotStartWith("rejected");
      assertThat(split).as("event %d", i).isEqualTo(parse(LINES.get(i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void namespaceDeclaredOnTheWrapperOnly_readsTheSameByLocalName() {
    String ns = " xmlns='" + XmlEventSplitter.EVENT_NAMESPACE + "'";
    List<String> bare = LINES.stream().map(l -> l.replace(ns, "")).collect(Collectors.toList());
    String text = "<Events" + ns + ">\n" + String.join("\n", bare) + "\n</Events>";

    Collected c = Collected.split(text.getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).hasSameSizeAs(LINES);
    for (int i = 0; i < LINES.size(); i++) {
      assertThat(parse(c.events.get(i).utf8())).isEqualTo(parse(LINES.get(i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void unwrappedHecAndSplunkExportLines_readAsTheirSourceLine() throws Exception {
    WrappedXml wrapped = new WrappedXml();
    for (String line : LINES) {
      for (String json : List.of(WrappedXmlTest.hec(line, false), WrappedXmlTest.splunkExport(line, true, true))) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        byte[] xml = wrapped.unwrap(b, 0, b.length);
        assertThat(xml).isNotNull();
        if (xml != null) {
          assertThat(parse(xml)).isEqualTo(parse(line.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
  }
}
