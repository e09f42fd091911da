// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class XmlEventSplitterTest {
  private static final List<String> LINES = EventXml.sampleLines(6);
  private static final String NS = XmlEventSplitter.EVENT_NAMESPACE;

  /** An export's text with where each event starts in it. */
  record Export(String text, List<Integer> starts) {
    long lineOf(int event) {
      return lineAt(text, starts.get(event));
    }

    long offsetOf(int event, Charset charset, int bom) {
      return (long) bom + text.substring(0, starts.get(event)).getBytes(charset).length;
    }
  }

  static long lineAt(String text, int index) {
    long line = 1;
    for (int i = 0; i < index; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
      }
    }
    return line;
  }

  static Export export(String header, List<String> events, String separator, String footer) {
    StringBuilder b = new StringBuilder(header);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        b.append(separator);
      }
      starts.add(b.length());
      b.append(events.get(i));
    }
    b.append(footer);
    return new Export(b.toString(), starts);
  }

  /** Event Viewer's "Save as XML": UTF-16LE with a BOM, CRLF, the declaration and Events wrapper. */
  static Export eventViewerExport(List<String> lines) {
    List<String> pretty = lines.stream().map(l -> EventXml.pretty(l, "  ", "\r\n").stripTrailing())
        .collect(Collectors.toList());
    return export("<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<Events>\r\n", pretty, "\r\n",
        "\r\n</Events>\r\n");
  }

  static byte[] encode(String text, Charset charset, byte... bom) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bom);
    out.writeBytes(text.getBytes(charset));
    return out.toByteArray();
  }

  private static void assertSameEvents(Collected c, List<String> lines, Export export, Charset charset, int bom) {
    assertThat(c.rejections).isEmpty();
    assertThat(c.events).hasSameSizeAs(lines);
    assertThat(c.summary.events()).isEqualTo(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      Collected.Event e = c.events.get(i);
      assertThat(EventXml.values(e.utf8())).as("event %d", i).isEqualTo(EventXml.values(lines.get(i)));
      assertThat(e.line()).as("line of event %d", i).isEqualTo(export.lineOf(i));
      assertThat(e.byteOffset()).as("offset of event %d", i).isEqualTo(export.offsetOf(i, charset, bom));
    }
  }

  // UTF-16 inputs go through core's transcoding first (Collected.split), as the reader passes them:
  // the splitter sees UTF-8, and its offsets are in that UTF-8.
  @Test
  void eventViewerExport_utf16LeWithBom_givesEachSourceEvent() {
    Export export = eventViewerExport(LINES);
    assertThat(export.text()).contains("\r\n  <System>\r\n    <Provider Name=\"");
    byte[] input = encode(export.text(), StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE);

    Collected c = Collected.split(input);

    assertThat(c.summary.encoding()).isEqualTo(XmlEventSplitter.Encoding.UTF_8);
    assertSameEvents(c, LINES, export, StandardCharsets.UTF_8, 0);
  }

  @Test
  void eventViewerExport_utf16BeWithBom_givesEachSourceEvent() {
    Export export = eventViewerExport(LINES);
    byte[] input = encode(export.text(), StandardCharsets.UTF_16BE, (byte) 0xFE, (byte) 0xFF);

    Collected c = Collected.split(input);

    assertThat(c.summary.encoding()).isEqualTo(XmlEventSplitter.Encoding.UTF_8);
    assertSameEvents(c, LINES, export, StandardCharsets.UTF_8, 0);
  }

  @Test
  void wevtutilExport_utf8WithBomOneEventALine_givesEachSourceEvent() {
    Export export = export("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>", LINES, "\n", "</Events>");
    byte[] input = encode(export.text(), StandardCharsets.UTF_8, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF);

    Collected c = Collected.split(input);

    assertThat(c.summary.encoding()).isEqualTo(XmlEventSplitter.Encoding.UTF_8_BOM);
    assertSameEvents(c, LINES, export, StandardCharsets.UTF_8, 3);
  }

  @Test
  void backToBackEvents_utf8WithoutBomOnOneLine_giveEachSourceEvent() {
    Export export = export("", LINES, "", "");
    byte[] input = encode(export.text(), StandardCharsets.UTF_8);

    Collected c = Collected.split(input);

    assertThat(c.summary.encoding()).isEqualTo(XmlEventSplitter.Encoding.UTF_8);
    assertSameEvents(c, LINES, export, StandardCharsets.UTF_8, 0);
    assertThat(c.events).allSatisfy(e -> assertThat(e.line()).isEqualTo(1));
  }

  @Test
  void prettyPrintedEvents_utf8CrlfWithoutWrapper_giveEachSourceEventAndLine() {
    List<String> pretty = LINES.stream().map(l -> EventXml.pretty(l, "  ", "\r\n")).collect(Collectors.toList());
    Export export = export("", pretty, "", "");
    byte[] input = encode(export.text(), StandardCharsets.UTF_8);

    Collected c = Collected.split(input);

    assertSameEvents(c, LINES, export, StandardCharsets.UTF_8, 0);
    assertThat(c.events.get(1).line()).isGreaterThan(20);
  }

  @Test
  void namespaceOnTheWrapperOnly_eventsStillReadByLocalName() {
    List<String> bare = LINES.stream().map(l -> l.replace(" xmlns='" + NS + "'", "")).collect(Collectors.toList());
    assertThat(bare.get(0)).startsWith("<Event><System>");
    Export export = export("<Events xmlns='" + NS + "'>\n", bare, "\n", "\n</Events>\n");

    Collected c = Collected.split(encode(export.text(), StandardCharsets.UTF_8));

    assertSameEvents(c, LINES, export, StandardCharsets.UTF_8, 0);
  }

  @Test
  void markupInsideAnEvent_doesNotEndItEarly() {
    String tricky = "<Event xmlns='" + NS + "'><System><EventID>1</EventID></System><EventData>"
        + "<!-- </Event> --><?pi </Event>?><Data Name='A'><![CDATA[</Event><Event>]]></Data>"
        + "<Data Name='B' Note=\"a > b '/Event>\">x</Data>"
        + "<Data Name='C'><Event>nested, as a provider's UserData may have</Event></Data>"
        + "<Data Name='D'>quote ' in text \" too</Data></EventData></Event>";
    String input = tricky + "\n" + LINES.get(0) + "\n";

    Collected c = Collected.split(input.getBytes(StandardCharsets.UTF_8));

    assertThat(c.rejections).isEmpty();
    assertThat(c.events).extracting(Collected.Event::text).containsExactly(tricky, LINES.get(0));
  }

  @Test
  void emptyAndSelfClosingEvents_areDelivered() {
    String input = "<Event/>\n<Event xmlns='" + NS + "' />\n<Event></Event>";

    Collected c = Collected.split(input.getBytes(StandardCharsets.UTF_8));

    assertThat(c.rejections).isEmpty();
    assertThat(c.events).extracting(Collected.Event::text)
        .containsExactly("<Event/>", "<Event xmlns='" + NS + "' />", "<Event></Event>");
    assertThat(c.events).extracting(Collected.Event::line).containsExactly(1L, 2L, 3L);
  }

  @Test
  void notWellFormedEventInTheMiddle_isDeliveredForTheParserToReject_andTheOthersRead() {
    String broken = LINES.get(1).replace("</EventID>", "</EventId>").replace("<Data Name='Image'>",
        "<Data Name='Image'>a & b < c");
    List<String> events = List.of(LINES.get(0), broken, LINES.get(2));
    Export export = export("<Events>\n", events, "\n", "\n</Events>");

    Collected c = Collected.split(export.text().getBytes(StandardCharsets.UTF_8));

    assertThat(c.rejections).isEmpty();
    assertThat(c.events).hasSize(3);
    assertThat(EventXml.values(c.events.get(0).utf8())).isEqualTo(EventXml.values(LINES.get(0)));
    assertThat(EventXml.values(c.events.get(2).utf8())).isEqualTo(EventXml.values(LINES.get(2)));
    assertThatThrownBy(() -> EventXml.values(c.events.get(1).utf8())).isInstanceOf(IllegalArgumentException.class);
    assertThat(c.events.get(1).line()).isEqualTo(3);
  }

  @Test
  void eventCutShortInTheMiddle_isRejectedNamingItsLine_andTheNextStillRead() {
    String cut = LINES.get(1).substring(0, LINES.get(1).indexOf("<EventData>") + 30);
    List<String> events = List.of(LINES.get(0), cut, LINES.get(2), LINES.get(3));
    Export export = export("<Events>\n", events, "\n", "\n</Events>\n");

    Collected c = Collected.split(export.text().getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).extracting(Collected.Event::text).containsExactly(LINES.get(0), LINES.get(2), LINES.get(3));
    assertThat(c.rejections).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(3);
      assertThat(r.byteOffset()).isEqualTo(export.offsetOf(1, StandardCharsets.UTF_8, 0));
      assertThat(r.reason()).contains("</Event>");
    });
  }

  @Test
  void textBetweenEvents_isOneRejectionNamingItsLine_withoutThePayload() {
    String input = LINES.get(0) + "\nSECRET=hunter2 <b>more</b> <Eve\n" + LINES.get(1) + "\n";

    Collected c = Collected.split(input.getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).extracting(Collected.Event::text).containsExactly(LINES.get(0), LINES.get(1));
    assertThat(c.events.get(1).line()).isEqualTo(3);
    assertThat(c.rejections).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(2);
      assertThat(r.byteOffset()).isEqualTo(LINES.get(0).getBytes(StandardCharsets.UTF_8).length + 1);
      assertThat(r.reason()).isEqualTo("text between events").doesNotContain("hunter2");
    });
    assertThat(c.summary.rejections()).isEqualTo(1);
  }

  @Test
  void otherMarkupBetweenEvents_isRejected() {
    String input = "<Events><Foo a='1'/>" + LINES.get(0) + "</Events>";

    Collected c = Collected.split(input.getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).extracting(Collected.Event::text).containsExactly(LINES.get(0));
    assertThat(c.rejections).extracting(Collected.Rejection::reason)
        .containsExactly("markup between events that is not an Event");
  }

  @Test
  void doctype_isRejected_andTheEventsAfterItRead() {
    String input = "<?xml version='1.0'?>\n<!DOCTYPE Events [<!ENTITY x 'boom'>]>\n<Events>\n" + LINES.get(0)
        + "\n</Events>\n";

    Collected c = Collected.split(input.getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).extracting(Collected.Event::text).containsExactly(LINES.get(0));
    assertThat(c.rejections).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(2);
      assertThat(r.reason()).isEqualTo("a DOCTYPE is not allowed");
    });
  }

  @Test
  void truncatedLastEvent_isRejected() {
    String last = LINES.get(1);
    String input = "<Events>\r\n" + LINES.get(0) + "\r\n" + last.substring(0, last.length() - 4);

    Collected c = Collected.split(input.getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).extracting(Collected.Event::text).containsExactly(LINES.get(0));
    assertThat(c.rejections).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(3);
      assertThat(r.reason()).isEqualTo("the input ends inside the event (no </Event>)");
    });
  }

  @Test
  void inputEndingInsideACommentBetweenEvents_isRejected() {
    String input = LINES.get(0) + "\n<!-- never closed\n";

    Collected c = Collected.split(input.getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).hasSize(1);
    assertThat(c.rejections).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(2);
      assertThat(r.reason()).isEqualTo("the input ends inside a comment");
    });
  }

  @Test
  void eventOverTheLimit_isRejectedAndSkipped_withoutKeepingIt() throws IOException {
    int limit = 64 * 1024;
    // 64 MiB of Data text: kept whole it would need far more than the buffer the limit allows.
    long hugeText = 64L << 20;
    InputStream input = concat(
        LINES.get(0) + "\n<Event xmlns='" + NS + "'><EventData><Data Name='CommandLine'>",
        hugeText, "</Data></EventData></Event>\n" + LINES.get(1));
    Collected c = new Collected();

    new XmlEventSplitter(limit).split(input, c);

    assertThat(c.events).extracting(Collected.Event::text).containsExactly(LINES.get(0), LINES.get(1));
    assertThat(c.events.get(1).line()).isEqualTo(3);
    assertThat(c.rejections).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(2);
      assertThat(r.reason()).isEqualTo("event longer than 65536 bytes");
    });
  }

  @Test
  void eventJustOverTheLimit_isRejected_andOneAtTheLimitDelivered() {
    XmlEventSplitter splitter = new XmlEventSplitter(100);
    String at = "<Event>" + "x".repeat(100 - 15) + "</Event>";
    String over = "<Event>" + "x".repeat(101 - 15) + "</Event>";
    assertThat(at).hasSize(100);

    Collected c = Collected.split(splitter, (at + over + at).getBytes(StandardCharsets.UTF_8));

    assertThat(c.events).extracting(Collected.Event::text).containsExactly(at, at);
    assertThat(c.rejections).extracting(Collected.Rejection::byteOffset).containsExactly(100L);
  }

  @Test
  void unpairedSurrogateInUtf16_makesOnlyThatEventInvalidUtf8() {
    String middle = LINES.get(1).replace("<EventID>", "<EventID>\uD800");
    String text = String.join("\r\n", LINES.get(0), middle, LINES.get(2));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xFE);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i); // String.getBytes would replace the lone surrogate with '?'
      out.write(ch & 0xFF);
      out.write(ch >> 8);
    }

    Collected c = Collected.split(out.toByteArray());

    assertThat(c.events).hasSize(3);
    assertThat(c.events.get(1).utf8()).contains((byte) 0xFF);
    assertThatThrownBy(() -> EventXml.values(c.events.get(1).utf8())).isInstanceOf(IllegalArgumentException.class);
    assertThat(EventXml.values(c.events.get(2).utf8())).isEqualTo(EventXml.values(LINES.get(2)));
  }

  @Test
  void supplementaryCharactersInUtf16_keepOffsetsInTheTranscodedBytes() {
    List<String> events = List.of(LINES.get(0).replace("<Computer>", "<Computer>\uD83D\uDE80\u00E9"), LINES.get(1));
    Export export = export("<Events>", events, "", "</Events>");
    byte[] input = encode(export.text(), StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE);

    Collected c = Collected.split(input);

    assertSameEvents(c, events, export, StandardCharsets.UTF_8, 0);
  }

  @Test
  void emptyAndBlankInputs_giveNothing() {
    assertThat(Collected.split(new byte[0]).events).isEmpty();
    Collected blank = Collected.split(new byte[] {(byte) 0xFF, (byte) 0xFE, ' ', 0, '\n', 0});
    assertThat(blank.events).isEmpty();
    assertThat(blank.rejections).isEmpty();
  }

  @Test
  void sinkException_endsTheSplitAndPropagates() {
    XmlEventSplitter.Sink failing = new XmlEventSplitter.Sink() {
      @Override
      public void event(byte[] utf8, int offset, int length, long line, long byteOffset) {
        throw new IllegalStateException("sink full");
      }

      @Override
      public void rejected(long line, long byteOffset, String reason) {}
    };

    assertThatThrownBy(() -> new XmlEventSplitter().split(
        new ByteArrayInputStream(LINES.get(0).getBytes(StandardCharsets.UTF_8)), failing))
        .isInstanceOf(IllegalStateException.class).hasMessage("sink full");
  }

  @Test
  void limitOutsideItsRange_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> new XmlEventSplitter(10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEventBytes must be between 64 and 1073741824 but was 10");
    assertThat(new XmlEventSplitter().maxEventBytes()).isEqualTo(1 << 20);
  }

  /** {@code head}, then {@code count} bytes of 'x' made as they are read, then {@code tail}. */
  static InputStream concat(String head, long count, String tail) {
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] t = tail.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      private long at;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        long total = h.length + count + t.length;
        if (at >= total) {
          return -1;
        }
        int n = (int) Math.min(len, total - at);
        for (int i = 0; i < n; i++, at++) {
          b[off + i] = at < h.length ? h[(int) at]
              : at < h.length + count ? (byte) 'x' : t[(int) (at - h.length - count)];
        }
        return n;
      }
    };
  }
}
