// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.Rejection;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input: each bad line is rejected (or skipped) with its line number, the field
 * at fault and a reason without payload, and the real events around it are still read.
 */
final class FdrLineParserTest {
  private static final EventOrigin ORIGIN = new EventOrigin("crowdstrike-fdr", "t", 1);

  private final String good1 = Corpus.panther(1);
  private final String good2 = Corpus.securityContent();

  /** Reads good, bad, good; asserts the good events survive; returns the bad line's rejection. */
  private Rejection rejectedBetweenGoodLines(byte[] bad) {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(Corpus.reader(), events, utf8(good1), bad, utf8(good2));
    assertThat(events).extracting(e -> e.origin().line()).containsExactly(1L, 3L);
    assertThat(s.rejected()).isEqualTo(1);
    Rejection r = s.rejections().get(0);
    assertThat(r.line()).isEqualTo(2);
    return r;
  }

  private Rejection rejectedBetweenGoodLines(String bad) {
    return rejectedBetweenGoodLines(utf8(bad));
  }

  private static ReadSummary read(EventReader reader, List<ProcessEvent> into, byte[]... lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.writeBytes(l);
      out.write('\n');
    }
    try {
      return reader.read(new ByteArrayInputStream(out.toByteArray()), "t", into::add);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static LineOutcome parse(String line) {
    byte[] b = utf8(line);
    return new CrowdStrikeFormat().newParser().parse(b, 0, b.length, ORIGIN);
  }

  private static LineOutcome.Rejected rejected(String line) {
    LineOutcome o = parse(line);
    assertThat(o).isInstanceOf(LineOutcome.Rejected.class);
    return (LineOutcome.Rejected) o;
  }

  @Test
  void truncatedJson_isRejectedNamingTheFieldItEndsIn() {
    String cut = good1.substring(0, good1.indexOf("EncodedCommand"));
    Rejection r = rejectedBetweenGoodLines(cut);
    assertThat(r.field()).isEqualTo("CommandLine");
    assertThat(r.reason()).isEqualTo("truncated: the line ends inside the JSON object");
    assertThat(rejected(good1.substring(0, good1.length() - 1)).reason()).startsWith("truncated");
  }

  @Test
  void nonJsonLine_isRejected() {
    assertThat(rejectedBetweenGoodLines("{this is not JSON}").reason()).isEqualTo("not valid JSON (RFC 8259) at byte offset 1");
    Rejection noFormat = rejectedBetweenGoodLines("ProcessRollup2 powershell.exe");
    assertThat(noFormat.format()).isNull();
    assertThat(noFormat.reason()).startsWith("no registered format recognises this line");
  }

  @Test
  void jsonThatIsNotAnObject_isRejectedSayingWhatItIs() {
    assertThat(rejectedBetweenGoodLines("[" + good1 + "]").reason()).isEqualTo("not a JSON object but an array");
    assertThat(rejected("\"ProcessRollup2\"").reason()).isEqualTo("not a JSON object but a string");
    assertThat(rejected("1682368416719").reason()).isEqualTo("not a JSON object but a number");
    assertThat(rejected("null").reason()).isEqualTo("not a JSON object but null");
    assertThat(rejected("").reason()).isEqualTo("not a JSON object but nothing");
    // A string or number line is not claimed by the format: the reader rejects it all the same.
    assertThat(rejectedBetweenGoodLines("\"ProcessRollup2\"").format()).isNull();
    assertThat(rejectedBetweenGoodLines("42").format()).isNull();
  }

  @Test
  void wrongValueTypes_areRejectedNamingTheField() {
    assertWrongType("\"CommandLine\":\"", "\"CommandLine\":{\"a\":\"b\"},\"x\":\"", "CommandLine", "an object");
    assertWrongType("\"ImageFileName\":\"", "\"ImageFileName\":[\"a\"],\"x\":\"", "ImageFileName", "an array");
    assertWrongType("\"UserSid\":\"", "\"UserSid\":true,\"x\":\"", "UserSid", "a boolean");
    assertWrongType("\"timestamp\":\"", "\"timestamp\":[1682368416719],\"x\":\"", "timestamp", "an array");
    assertWrongType("\"event_simpleName\":\"", "\"event_simpleName\":{\"v\":1},\"x\":\"", "event_simpleName", "an object");
  }

  private void assertWrongType(String find, String replace, String field, String kind) {
    assertThat(good1).contains(find);
    Rejection r = rejectedBetweenGoodLines(good1.replace(find, replace));
    assertThat(r.field()).isEqualTo(field);
    assertThat(r.reason()).isEqualTo("expected a string but was " + kind);
  }

  @Test
  void nullValue_isMissing_notAnError() {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(Corpus.reader(), events, utf8(good1.replace("\"UserSid\":\"S-1-5-21-239183934-720705223-383019856-500\"", "\"UserSid\":null")));
    assertThat(s.rejections()).isEmpty();
    assertThat(events.get(0).get(io.tunnelwatch.core.Field.USER)).isEqualTo("unknown");
    assertThat(events.get(0).get(io.tunnelwatch.core.Field.USER_ID)).isEqualTo("null");
  }

  @Test
  void wrongTypes_inEventsOutOfScope_doNotMatter() {
    LineOutcome o = parse("{\"event_simpleName\":\"NetworkConnectIP4\",\"CommandLine\":[1],\"timestamp\":{}}");
    assertThat(o).isEqualTo(LineOutcome.skip("event type NetworkConnectIP4 out of scope"));
  }

  @Test
  void missingEventSimpleName_isRejectedNamingIt() {
    Rejection r = rejectedBetweenGoodLines(good1.replace("\"event_simpleName\":\"ProcessRollup2\",", ""));
    assertThat(r.field()).isEqualTo("event_simpleName");
    assertThat(r.reason()).isEqualTo("missing: not a CrowdStrike FDR event");
    assertThat(rejected("{}").field()).isEqualTo("event_simpleName");
  }

  /** An in-scope event with {@code depth - 1} arrays nested under {@code key} (the object is level 1). */
  private String nestedUnder(String key, int depth) {
    return good1.replace("\"ConfigBuild\"", "\"" + key + "\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + ",\"ConfigBuild\"");
  }

  @Test
  void nesting_upToTheLimit_isRead_underKeysNotMapped() {
    LineOutcome o = parse(nestedUnder("Extra", FdrLineParser.MAX_NESTING_DEPTH));
    assertThat(o).isInstanceOf(LineOutcome.Parsed.class);
  }

  @Test
  void deepNesting_isRejectedOneLevelPastTheLimit_andNamesAMappedKey() {
    Rejection r = rejectedBetweenGoodLines(nestedUnder("Extra", FdrLineParser.MAX_NESTING_DEPTH + 1));
    assertThat(r.field()).isNull(); // a key the parser does not read is not named
    assertThat(r.reason()).isEqualTo("nested deeper than 16 levels");
    Rejection mapped = rejectedBetweenGoodLines(nestedUnder("CommandLine", 500_000).replace("\"CommandLine\":\"", "\"C\":\""));
    assertThat(mapped.field()).isEqualTo("CommandLine");
    assertThat(mapped.reason()).isEqualTo("nested deeper than 16 levels");
  }

  @Test
  void overlongNumber_isRejectedByTheParserLimit() {
    Rejection r = rejectedBetweenGoodLines(good1.replace("\"timestamp\":\"1682368416719\"", "\"timestamp\":1" + "0".repeat(2000)));
    assertThat(r.field()).isEqualTo("timestamp");
    assertThat(r.reason()).isEqualTo("a number or key longer than the parser allows");
  }

  @Test
  void deepNesting_ofATopLevelArray_isRejectedAtItsFirstByte() {
    String deep = "[".repeat(900_000);
    assertThat(rejectedBetweenGoodLines(deep).reason()).isEqualTo("not a JSON object but an array");
  }

  @Test
  void invalidUtf8_isRejectedWithTheByteOffset() {
    byte[][] bad = {
        {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate
        {(byte) 0x80}, // a continuation byte alone
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xFF},
    };
    String prefix = "{\"event_simpleName\":\"ProcessRollup2\",\"CommandLine\":\"";
    for (byte[] b : bad) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      line.writeBytes(utf8(prefix));
      line.writeBytes(b);
      line.writeBytes(utf8("\",\"timestamp\":\"1682368416719\"}"));
      Rejection r = rejectedBetweenGoodLines(line.toByteArray());
      assertThat(r.reason()).isEqualTo("not valid UTF-8 at byte offset " + prefix.length());
    }
    byte[] cut = utf8(good1 + "\u2013");
    Rejection r = rejectedBetweenGoodLines(java.util.Arrays.copyOf(cut, cut.length - 1)); // a sequence cut short
    assertThat(r.reason()).isEqualTo("not valid UTF-8 at byte offset " + utf8(good1).length);
  }

  @Test
  void validNonAscii_isRead() {
    String line = good1.replace("pwsh.exe", "p\u00f6wsh-\u4e2d\uD83D\uDE00.exe");
    LineOutcome o = parse(line);
    assertThat(o).isInstanceOf(LineOutcome.Parsed.class);
    assertThat(((LineOutcome.Parsed) o).event().get(io.tunnelwatch.core.Field.PARENT_PROCESS_NAME))
        .isEqualTo("p\u00f6wsh-\u4e2d\uD83D\uDE00.exe");
  }

  @Test
  void duplicateKeysThatAreRead_areRejectedNamingTheKey() {
    Rejection r = rejectedBetweenGoodLines(good1.replace("\"ConfigBuild\"", "\"ImageFileName\":\"C:\\\\x\\\\devtunnel.exe\",\"ConfigBuild\""));
    assertThat(r.field()).isEqualTo("ImageFileName");
    assertThat(r.reason()).isEqualTo("appears more than once");
    Rejection type = rejectedBetweenGoodLines(good1.replace("\"ConfigBuild\"", "\"event_simpleName\":\"DnsRequest\",\"ConfigBuild\""));
    assertThat(type.field()).isEqualTo("event_simpleName");
    Rejection nullTwice = rejectedBetweenGoodLines(good1.replace("\"ConfigBuild\"", "\"RawProcessId\":null,\"ConfigBuild\""));
    assertThat(nullTwice.field()).isEqualTo("RawProcessId");
  }

  @Test
  void duplicateKeysNotRead_areIgnored() {
    LineOutcome o = parse(good1.replace("\"ConfigBuild\"", "\"Tags\":\"x\",\"Tags\":{\"y\":[1]},\"ConfigBuild\""));
    assertThat(o).isInstanceOf(LineOutcome.Parsed.class);
    assertThat(((LineOutcome.Parsed) o).event()).isEqualTo(((LineOutcome.Parsed) parse(good1)).event());
  }

  @Test
  void contentAfterTheObject_isRejected() {
    assertThat(rejectedBetweenGoodLines(good1 + " {}").reason()).isEqualTo("content after the JSON object");
    assertThat(rejectedBetweenGoodLines(good1 + good1).reason()).isEqualTo("content after the JSON object");
    assertThat(rejectedBetweenGoodLines(good1 + ",").reason()).startsWith("not valid JSON (RFC 8259) at byte offset ");
    assertThat(parse(good1 + " \t ")).isInstanceOf(LineOutcome.Parsed.class); // white space is not content
  }

  @Test
  void jsonExtensionsBeyondRfc8259_areRejected() {
    String[] lines = {
        "{\"event_simpleName\":\"ProcessRollup2\",/* c */\"timestamp\":\"1\"}",
        "{'event_simpleName':'ProcessRollup2','timestamp':'1'}",
        "{event_simpleName:\"ProcessRollup2\",\"timestamp\":\"1\"}",
        "{\"event_simpleName\":\"ProcessRollup2\",\"timestamp\":\"1\",}",
        "{\"event_simpleName\":\"ProcessRollup2\",\"timestamp\":01}",
        "{\"event_simpleName\":\"ProcessRollup2\",\"timestamp\":NaN}",
        "{\"event_simpleName\":\"ProcessRollup2\",\"CommandLine\":\"a\tb\",\"timestamp\":\"1\"}",
        "{\"event_simpleName\":\"ProcessRollup2\",\"CommandLine\":\"\\q\",\"timestamp\":\"1\"}",
    };
    for (String line : lines) {
      assertThat(rejected(line).reason()).as(line).startsWith("not valid JSON (RFC 8259) at byte offset ");
    }
  }

  @Test
  void byteOffsets_countFromTheLineStart_whereverTheLineSitsInTheBuffer() {
    String line = "{\"event_simpleName\":x}";
    byte[] alone = utf8(line);
    byte[] inBuffer = utf8("garbage" + line + "more");
    LineParser p = new CrowdStrikeFormat().newParser();
    LineOutcome a = p.parse(alone, 0, alone.length, ORIGIN);
    LineOutcome b = p.parse(inBuffer, 7, alone.length, ORIGIN);
    assertThat(a).isEqualTo(b);
    assertThat(((LineOutcome.Rejected) a).reason()).isEqualTo("not valid JSON (RFC 8259) at byte offset 20");
    assertThat(((LineOutcome.Rejected) a).field()).isEqualTo("event_simpleName");
  }

  @Test
  void oversizedLine_isRejectedByTheReader_andNeighboursKept() {
    int max = Math.max(utf8(good1).length, utf8(good2).length);
    String huge = good1.replace("\"CommandLine\":\"", "\"CommandLine\":\"" + "A".repeat(max));
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(EventReader.builder().noPrefilter().addFormat(new CrowdStrikeFormat()).maxLineLength(max).build(),
        events, utf8(good1), utf8(huge), utf8(good2));
    assertThat(events).hasSize(2);
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(2);
      assertThat(r.reason()).isEqualTo("line is longer than the maximum of " + max + " bytes");
    });
  }

  @Test
  void emptyFile_andBlankOnlyFile_readNothing() {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary empty = read(Corpus.reader(), events);
    assertThat(empty.lines()).isZero();
    ReadSummary blank = read(Corpus.reader(), events, utf8(""), utf8(" \t"));
    assertThat(blank.lines()).isEqualTo(2);
    assertThat(blank.skipped()).isEqualTo(2);
    assertThat(events).isEmpty();
  }

  @Test
  void rejections_neverQuoteThePayload() {
    String secret = "hunter2-secret-token";
    String withSecret = good1.replace("HelloWorld", secret);
    String[] bad = {
        withSecret.substring(0, withSecret.indexOf(secret) + 5),
        withSecret.replace("\"ConfigBuild\"", "\"ConfigBuild\" " + secret),
        withSecret.replace("\"CommandLine\":\"", "\"CommandLine\":" + secret + "\""),
        withSecret.replace("\"event_simpleName\":\"ProcessRollup2\"", "\"event_simpleName\":\"" + secret + "\""),
        "{\"" + secret + "\":[" + "[".repeat(40) + "]}",
        withSecret + secret,
    };
    for (String line : bad) {
      LineOutcome o = parse(line);
      assertThat(o.toString()).as(line).doesNotContain(secret).doesNotContain("hunter2");
    }
  }
}
