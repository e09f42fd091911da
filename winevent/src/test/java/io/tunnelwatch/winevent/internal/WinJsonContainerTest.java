// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.Rejection;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class WinJsonContainerTest {
  /** Keeps the values a row needs from events of provider {@code P}, id 1. */
  private static final class Mapped extends WinEventFormat {
    Mapped() {
      super("p", "P", "1");
    }

    @Override
    protected LineOutcome map(WinEvent e, EventOrigin origin) {
      Instant time = parseTime(e.systemTime());
      if (time == null) {
        return LineOutcome.reject("SystemTime", "not a time");
      }
      String image = e.data("Image");
      return LineOutcome.event(ProcessEvent.builder(time, origin)
          .set(Field.PROCESS_PATH, image)
          .set(Field.PROCESS_NAME, ProcessEvent.basename(image))
          .build());
    }
  }

  /** Another reader's format: claims lines with a {@code "kind"} key as its own and skips them. */
  private static final class Other implements EventFormat {
    @Override
    public String id() {
      return "other";
    }

    @Override
    public LineClaim claim(byte[] line, int offset, int length) {
      String s = new String(line, offset, length, StandardCharsets.UTF_8);
      return !s.startsWith("{") ? LineClaim.NO : s.contains("\"kind\"") ? LineClaim.FORMAT : LineClaim.FAMILY;
    }

    @Override
    public LineParser newParser() {
      return (line, offset, length, origin) -> LineOutcome.skip("other's line");
    }
  }

  private record Read(ReadSummary summary, List<ProcessEvent> events) {
    List<String> images() {
      return events.stream().map(e -> e.get(Field.PROCESS_PATH)).toList();
    }

    List<String> rejections() {
      return summary.rejections().stream().map(Rejection::toString).toList();
    }
  }

  private static Read read(String text, EventReader.Builder b) throws IOException {
    return read(text.getBytes(StandardCharsets.UTF_8), b);
  }

  private static Read read(byte[] bytes, EventReader.Builder b) throws IOException {
    return read(new ByteArrayInputStream(bytes), b);
  }

  private static Read read(java.io.InputStream in, EventReader.Builder b) throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = b.addFormat(new Mapped()).addFormat(new Other()).build().read(in, "f", events::add);
    return new Read(s, events);
  }

  private static String flat(String image) {
    return "{\"TimeCreated\":\"2024-01-01T00:00:00Z\",\"EventID\":1,\"SourceName\":\"P\",\"Image\":\"" + image + "\"}";
  }

  private static boolean recognises(String head) {
    byte[] b = head.getBytes(StandardCharsets.UTF_8);
    byte[] h = Arrays.copyOf(b, Math.min(b.length, RecordContainer.HEAD_BYTES));
    return WinJsonContainer.INSTANCE.recognises(h, h.length);
  }

  @Test
  void recognises_eachFormByTheKeysOfItsFirstObject() {
    assertThat(recognises("{\"Event\":{\"#attributes\":{},\"System\":{}}}\n")).isTrue();
    assertThat(recognises("[\n  {\n    \"Event\": {\n      \"System\": {}}}]")).isTrue();
    assertThat(recognises("{\"@timestamp\":\"t\",\"winlog\":{}}")).isTrue();
    assertThat(recognises("\uFEFF{\"EventTime\":\"t\",\"EventID\":1,\"SourceName\":\"S\"}")).isTrue();
    assertThat(recognises("{\"EventData\":\"<x/>\",\"EventID\":4688,\"EventSourceName\":\"S\"}")).isTrue();
    assertThat(recognises("{\"_index\":\"i\",\"_id\":\"1\",\"_source\":{\"@timestamp\":\"t\",\"winlog\":{}}}")).isTrue();
    assertThat(recognises("Record 1\n{\n  \"Event\": {\n    \"System\": {}}}")).as("evtx_dump -o json").isTrue();
    assertThat(recognises("{\"_index\":\"i\",\"_source\":{\"a\":1},\"EventID\":1,\"SourceName\":\"S\"}")).isTrue();
  }

  @Test
  void recognises_aHeadEndingInsideTheFirstObject_byTheKeysReadSoFar() {
    String longMessage = "x".repeat(RecordContainer.HEAD_BYTES);
    assertThat(recognises("{\"@timestamp\":\"t\",\"ecs\":{\"version\":\"8\"},\"message\":\"" + longMessage + "\",\"winlog\":{}}"))
        .isTrue();
    assertThat(recognises("{\"EventID\":1,\"Message\":\"" + longMessage + "\",\"SourceName\":\"S\"}")).isTrue();
    assertThat(recognises("{\"@timestamp\":\"t\",\"@metadata\":{\"beat\":\"winlogbeat\"},\"message\":\"" + longMessage
        + "\",\"winlog\":{}}")).as("Beats' @metadata").isTrue();
    assertThat(recognises("{\"a\":\"" + longMessage + "\",\"winlog\":{}}")).as("no key read so far marks it").isFalse();
  }

  @Test
  void recognisesNot_crowdStrikeWrappedXmlOrOtherJson() {
    assertThat(recognises("{\"EventID\":1,\"SourceName\":\"S\",\"event_simpleName\":\"ProcessRollup2\"}")).isFalse();
    assertThat(recognises("{\"event\":\"<Event xmlns='x'><System/></Event>\",\"sourcetype\":\"XmlWinEventLog\"}")).isFalse();
    assertThat(recognises("{\"a\":1}")).isFalse();
    assertThat(recognises("{\"_index\":\"i\",\"_source\":{\"a\":{\"winlog\":{}}}}")).as("winlog not at the top").isFalse();
    assertThat(recognises("{\"Event\":{\"EventData\":{}}}")).isFalse();
    assertThat(recognises("<Event/>")).isFalse();
    assertThat(recognises("{\"EventID\":1,\"SourceName\":")).as("a whole input that is cut JSON").isFalse();
  }

  @Test
  void oneObjectPerLine_unlessAnArrayOrABreakAfterTheBrace() {
    assertThat(WinJsonContainer.oneObjectPerLine("{\"a\":1}\n{\"b\":2}".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(WinJsonContainer.oneObjectPerLine("{\n  \"a\": 1\n}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(WinJsonContainer.oneObjectPerLine("[{\"a\":1}]".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void lines_areReadNumbered_blankAndCrlfAndBomHandled() throws IOException {
    Read r = read("\uFEFF" + flat("a.exe") + "\r\n\r\n" + flat("b.exe") + "\n", EventReader.builder());
    assertThat(r.images()).containsExactly("a.exe", "b.exe");
    assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 3L);
    assertThat(r.summary().records()).isEqualTo(3);
    assertThat(r.summary().skipped()).isEqualTo(1);
  }

  @Test
  void aLineLongerThanTheBuffer_isRead_andOneOverTheLimitRejected_withTheLinesAroundIt() throws IOException {
    String big = flat("b" + "x".repeat(300_000) + ".exe");
    String huge = flat("h" + "x".repeat(500_000) + ".exe");
    Read r = read(flat("a.exe") + "\n" + big + "\n" + huge + "\n" + flat("c.exe") + "\n" + huge,
        EventReader.builder().maxLineLength(400_000));
    assertThat(r.images()).hasSize(3).startsWith("a.exe").endsWith("c.exe");
    assertThat(r.rejections()).containsExactly(
        "f:3: windows-json: line is longer than the maximum of 400000 bytes",
        "f:5: windows-json: line is longer than the maximum of 400000 bytes");
  }

  @Test
  void aLineOverTheReadersMaximum_butWithinTheBuffer_isRejected() throws IOException {
    Read r = read(flat("a.exe") + "\n" + flat("b" + "x".repeat(200) + ".exe") + "\n" + flat("c.exe"),
        EventReader.builder().maxLineLength(150));
    assertThat(r.images()).containsExactly("a.exe", "c.exe");
    assertThat(r.rejections()).containsExactly("f:2: windows-json: line is longer than the maximum of 150 bytes");
  }

  @Test
  void prefilter_passesOverRecordsThatCannotMatch_andKeepsTheMatches() throws IOException {
    String text = flat("C:\\\\x\\\\devtunnel.exe") + "\n" + flat("cmd.exe") + "\n"
        + flat("C:\\\\x\\\\dev\\u0074unnel.exe") + "\n";
    Read r = read(text, EventReader.builder().prefilterFor(Detection.builder().predicate(DetectionPredicate.of("devtunnel.dll", "devtunnel.exe")).build()));
    assertThat(r.images()).containsExactly("C:\\x\\devtunnel.exe", "C:\\x\\devtunnel.exe");
    assertThat(r.summary().prefiltered()).isEqualTo(1);
  }

  /** A Sentinel-like row of provider {@code P}: its EventData XML as a JSON string. */
  private static String withEventData(String xml) {
    return "{\"TimeCreated\":\"2024-01-01T00:00:00Z\",\"EventID\":1,\"EventSourceName\":\"P\",\"EventData\":\"" + xml + "\"}";
  }

  private static LineSyntax syntax(String record) {
    byte[] b = ("  " + record).getBytes(StandardCharsets.UTF_8);
    return WinJsonContainer.syntax(b, 2, b.length - 2);
  }

  @Test
  void syntax_addsTheXmlRules_onlyForARecordThatHoldsALessThanSign() {
    assertThat(syntax(flat("C:\\\\x\\\\a.exe"))).isEqualTo(LineSyntax.JSON);
    assertThat(syntax(withEventData("<EventData/>"))).isEqualTo(LineSyntax.JSON_WITH_XML);
    assertThat(syntax(flat("a.exe") + "<")).as("the last byte").isEqualTo(LineSyntax.JSON_WITH_XML);
    assertThat(syntax("<")).isEqualTo(LineSyntax.JSON_WITH_XML);
    assertThat(syntax(withEventData("\\u003cEventData/>"))).as("the JSON rules parse a \\u escape").isEqualTo(LineSyntax.JSON);
  }

  /**
   * The prefilter changes no result: a name hidden by XML (a character reference, a CDATA section)
   * inside a string is found where the record holds the XML's {@code <}, as itself or behind a
   * {@code \}{@code u} escape; where it holds none, no XML is read, XML's escapes are text, and
   * such a record is passed over.
   */
  @Test
  void prefilter_findsNamesThatXmlInAStringHides_andPassesOverXmlEscapesOutsideXml() throws IOException {
    String reference = "<EventData><Data Name='Image'>C:\\\\x\\\\&#100;evtunnel.exe</Data></EventData>";
    String cdata = "<EventData><Data Name='Image'>C:\\\\x\\\\dev<![CDATA[tunnel]]>.exe</Data></EventData>";
    String escaped = reference.replace("<", "\\u003c");
    String text = String.join("\n", withEventData(reference), withEventData(cdata), withEventData(escaped),
        flat("C:\\\\x\\\\&#100;evtunnel.exe"), flat("C:\\\\x\\\\dev<![CDATA[tunnel]]>.exe"), flat("cmd.exe")) + "\n";
    DetectionPredicate p = DetectionPredicate.of("devtunnel.dll", "devtunnel.exe");
    Read on = read(text, EventReader.builder().prefilterFor(Detection.builder().predicate(p).build()));
    Read off = read(text, EventReader.builder().noPrefilter());
    assertThat(matching(on, p)).containsExactly("C:\\x\\devtunnel.exe", "C:\\x\\devtunnel.exe", "C:\\x\\devtunnel.exe")
        .isEqualTo(matching(off, p));
    assertThat(off.images()).hasSize(6);
    assertThat(on.images()).as("the CDATA row has a '<', so is parsed").hasSize(4);
    assertThat(on.summary().prefiltered()).as("the &#100; and cmd.exe rows, without a '<'").isEqualTo(2);
  }

  private static List<String> matching(Read r, DetectionPredicate p) {
    return r.events().stream().filter(e -> p.test(e).matched()).map(e -> e.get(Field.PROCESS_PATH)).toList();
  }

  /**
   * The line loop finds a line's {@code <} in the same pass as its end: a line whose {@code <} and
   * end arrive in different reads, or whose {@code <} is its first or last byte, is prefiltered as
   * {@link #syntax} says, whatever sizes the reads come in.
   */
  @Test
  void prefilter_takesEachLinesSyntax_wheneverItsReadsEnd() throws IOException {
    String text = "\uFEFF" + String.join("\r\n",
        "{\"Note\":\"<\"," + flat("C:\\\\x\\\\&#100;evtunnel.exe").substring(1), // '<' early: parsed
        flat("C:\\\\x\\\\&#100;evtunnel.exe"), // no '<': passed over
        flat("C:\\\\x\\\\&#100;evtunnel.exe").replace("}", ",\"Note\":\"" + "x".repeat(300_000) + "<\"}"), // late, after a refill
        "", flat("cmd.exe"), // blank, then passed over
        flat("C:\\\\x\\\\&#100;evtunnel.exe").replace("}", ",\"Note\":\"<\"}")); // the last line, no newline: parsed
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    DetectionPredicate p = DetectionPredicate.of("devtunnel.dll", "devtunnel.exe");
    java.util.Random rnd = new java.util.Random(7);
    for (int round = 0; round < 40; round++) {
      int most = round < 20 ? round + 1 : 1 + rnd.nextInt(70_000);
      Read r = read(new Trickle(bytes, most, rnd), EventReader.builder().prefilterFor(Detection.builder().predicate(p).build()));
      assertThat(r.images()).as("reads of at most %d bytes", most).hasSize(3).allMatch(i -> i.endsWith("&#100;evtunnel.exe"));
      assertThat(r.summary().prefiltered()).as("reads of at most %d bytes", most).isEqualTo(2);
      assertThat(r.summary().rejected()).isZero();
    }
  }

  /** Hands out its bytes in reads of 1 to {@code most} bytes. */
  private static final class Trickle extends java.io.InputStream {
    private final byte[] bytes;
    private final int most;
    private final java.util.Random rnd;
    private int pos;

    Trickle(byte[] bytes, int most, java.util.Random rnd) {
      this.bytes = bytes;
      this.most = most;
      this.rnd = rnd;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, bytes.length - pos), 1 + rnd.nextInt(most));
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  @Test
  void anotherFormatsLine_goesToThatFormat_andAnUnknownObjectIsRejected_withTheEventsAroundThem() throws IOException {
    Read r = read(flat("a.exe") + "\n{\"kind\":\"x\"}\n{\"nothing\":1}\n{\"EventID\":1,\n" + flat("b.exe"),
        EventReader.builder());
    assertThat(r.images()).containsExactly("a.exe", "b.exe");
    assertThat(r.rejections()).hasSize(2);
    assertThat(r.rejections().get(0)).startsWith("f:3: windows-json: a JSON object of no known form");
    assertThat(r.rejections().get(1)).startsWith("f:4: windows-json: field EventID: not valid JSON");
    assertThat(r.summary().skipped()).as("other's line").isEqualTo(1);
  }

  @Test
  void prettyPrintedObjects_areRecordsNumberedByTheirFirstLine() throws IOException {
    String text = """
        {
          "TimeCreated": "2024-01-01T00:00:00Z",
          "EventID": 1,
          "SourceName": "P",
          "Image": "a.exe"
        }
        {
          "EventID": 1, "SourceName": "P",
          "Image": "b.exe",
          "TimeCreated": "2024-01-01T00:00:01Z"
        }
        """;
    Read r = read(text, EventReader.builder());
    assertThat(r.images()).containsExactly("a.exe", "b.exe");
    assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 7L);
  }

  @Test
  void evtxDumpDefaultOutput_withRecordLines_isRead() throws IOException {
    String event = """
        {
          "Event": {
            "System": {
              "Provider": {"#attributes": {"Name": "P"}},
              "EventID": 1,
              "TimeCreated": {"#attributes": {"SystemTime": "2024-01-01T00:00:00.000000Z"}}
            },
            "EventData": {"Image": "%s"}
          }
        }
        """;
    Read r = read("Record 1\n" + event.formatted("a.exe") + "Record 2\n" + event.formatted("b.exe"), EventReader.builder());
    assertThat(r.rejections()).isEmpty();
    assertThat(r.images()).containsExactly("a.exe", "b.exe");
    assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(2L, 13L);
  }

  @Test
  void aTimeWithoutZone_isReadInTheSourceZone_andCounted() throws IOException {
    String line = "{\"EventTime\":\"2020-08-01 07:53:24\",\"EventID\":1,\"SourceName\":\"P\",\"Image\":\"a.exe\"}\n";
    Read r = read(line + flat("b.exe"), EventReader.builder().sourceZone(ZoneId.of("Europe/Paris")));
    assertThat(r.events().get(0).time()).isEqualTo(Instant.parse("2020-08-01T05:53:24Z"));
    assertThat(r.summary().zonelessTimes()).isEqualTo(1);
  }
}
