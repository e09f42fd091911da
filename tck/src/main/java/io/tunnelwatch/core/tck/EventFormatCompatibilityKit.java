// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.MalformedLineException;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract every {@link EventFormat} keeps. An adapter's test extends this class and supplies
 * real lines of its format; the kit checks empty input, blank and out-of-scope lines, truncated and
 * wrongly encoded records, oversized lines and fields, UTC times and the model's invariants, and
 * that a bad line never loses the good lines around it.
 */
@ExtendWith(Seeds.class)
public abstract class EventFormatCompatibilityKit {
  /** For the test class of each implementation, which extends this kit. */
  protected EventFormatCompatibilityKit() {}

  /** The format under test. */
  protected abstract EventFormat format();

  /** Real lines of the format that are in scope: each must become one event. At least two. */
  protected abstract List<String> validLines();

  /** A well-formed line of the format that is out of scope (another event id or type): skipped. */
  protected abstract String outOfScopeLine();

  /** A reader with only the format under test, parsing every line (no prefilter). */
  protected EventReader.Builder reader() {
    return EventReader.builder().noPrefilter().addFormat(format());
  }

  /** Reads lines joined by LF with a fresh reader; collects the events. */
  protected ReadSummary read(List<ProcessEvent> into, byte[]... lines) throws IOException {
    return reader().build().read(new ByteArrayInputStream(join(lines)), "kit", into::add);
  }

  private static byte[] join(byte[]... lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.writeBytes(l);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] first() {
    return utf8(validLines().get(0));
  }

  private byte[] second() {
    return utf8(validLines().get(1));
  }

  @Test
  void lackedFields_areMissingInEveryEvent_asTheFormatDeclares() throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    read(events, validLines().stream().map(EventFormatCompatibilityKit::utf8).toArray(byte[][]::new));
    assertThat(events).hasSameSizeAs(validLines());
    for (ProcessEvent e : events) {
      for (Field f : format().lacks()) {
        assertThat(f.isMissing(e.get(f))).as("%s is declared lacking but %s has it", f.cimName(), e.origin()).isTrue();
      }
    }
    assertThat(format().lacks()).as("the fields the predicate and the CIM always fill")
        .doesNotContain(Field.PROCESS_NAME, Field.VENDOR_PRODUCT, Field.ACTION);
  }

  @Test
  void id_isShortAndStable() throws IOException {
    String id = format().id();
    assertThat(id).matches("[a-z0-9][a-z0-9-]*");
    // Stable: the events the reader reads with this format carry the id asked for before the read
    // (an id that changed from call to call would name events with another).
    List<ProcessEvent> events = new ArrayList<>();
    read(events, first());
    assertThat(events).as("the first valid line").isNotEmpty()
        .allSatisfy(e -> assertThat(e.origin().format()).isEqualTo(id));
  }

  @Test
  void emptyInput_readsNothing() throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = reader().build().read(new ByteArrayInputStream(new byte[0]), "kit", events::add);
    assertThat(s.lines()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void blankLines_areSkipped() throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, utf8(""), utf8("   "), first(), utf8("\t"));
    assertThat(s.skipped()).isEqualTo(3);
    assertThat(s.events()).isEqualTo(1);
    assertThat(s.rejected()).isZero();
  }

  @Test
  void validLines_areClaimedAsThisFormat() {
    for (String line : validLines()) {
      byte[] b = utf8(line);
      assertThat(format().claim(b, 0, b.length)).as(line.substring(0, Math.min(80, line.length()))).isEqualTo(LineClaim.FORMAT);
    }
  }

  /** The cheap answer and the full claim agree on every line: the reader routes by the first. */
  @Test
  void recognises_agreesWithClaim() {
    List<String> lines = new ArrayList<>(validLines());
    lines.add(outOfScopeLine());
    lines.addAll(List.of("", "   ", "garbage", "{}", " {\"a\":1}", "[1,2]", "<x/>", "  <Event>", "\u00e9t\u00e9", "-"));
    for (String valid : validLines()) {
      for (int cut = 0; cut < valid.length(); cut += Math.max(1, valid.length() / 7)) {
        lines.add(valid.substring(0, cut));
        lines.add(valid.substring(cut));
      }
    }
    for (String line : lines) {
      byte[] b = utf8("xx" + line + "yy");
      int len = b.length - 4;
      assertThat(format().recognises(b, 2, len))
          .as(line.substring(0, Math.min(80, line.length())))
          .isEqualTo(format().claim(b, 2, len) != LineClaim.NO);
    }
  }

  @Test
  void validLines_becomeEvents_thatKeepTheModelInvariants() throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    byte[][] lines = validLines().stream().map(EventFormatCompatibilityKit::utf8).toArray(byte[][]::new);
    ReadSummary s = read(events, lines);
    assertThat(s.rejections()).isEmpty();
    assertThat(events).hasSize(validLines().size());
    for (int i = 0; i < events.size(); i++) {
      ProcessEvent e = events.get(i);
      assertThat(e.origin()).isEqualTo(new EventOrigin(format().id(), "kit", i + 1));
      assertThat(e.time()).isBetween(Instant.parse("1990-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));
      assertThat(e.get(Field.ACTION)).isEqualTo("allowed");
      assertThat(e.get(Field.VENDOR_PRODUCT)).isNotEqualTo(Field.UNKNOWN);
      for (Field f : Field.values()) {
        assertThat(e.get(f)).as(f.cimName()).isNotNull().isNotEmpty().isNotEqualTo("-");
      }
      String path = e.get(Field.PROCESS_PATH);
      if (!Field.PROCESS_PATH.isMissing(path)) {
        String base = ProcessEvent.basename(path);
        assertThat(e.get(Field.PROCESS_NAME)).as("process_name is basename(process_path)").isEqualTo(base);
      }
    }
  }

  /**
   * The prefilter never loses a matching event: each valid line, read with a predicate built from
   * its own event's names, still becomes that event; and a line whose names match no predicate is
   * passed over only when the format declares its syntax.
   */
  @Test
  void prefilter_keepsEveryEventThatMatches() throws IOException {
    for (String line : validLines()) {
      byte[] b = utf8(line);
      List<ProcessEvent> all = new ArrayList<>();
      read(all, b);
      assertThat(all).hasSize(1);
      ProcessEvent e = all.get(0);
      String ofn = e.get(Field.ORIGINAL_FILE_NAME);
      String pn = e.get(Field.PROCESS_NAME);
      for (DetectionPredicate p : List.of(
          DetectionPredicate.of(ofn, "no-such-process.exe"), DetectionPredicate.of("no-such-file.dll", pn))) {
        if (!p.test(e).matched()) {
          continue; // the name is "unknown" only because the field is missing
        }
        List<ProcessEvent> kept = new ArrayList<>();
        ReadSummary s = EventReader.builder().prefilterFor(Detection.builder().predicate(p).build()).addFormat(format()).build()
            .read(new ByteArrayInputStream(join(b)), "kit", kept::add);
        assertThat(kept).as("%s on %s", p, line.substring(0, Math.min(80, line.length()))).containsExactly(e);
        assertThat(s.prefiltered()).isZero();
      }
      List<ProcessEvent> none = new ArrayList<>();
      ReadSummary s = EventReader.builder()
          .prefilterFor(Detection.builder().predicate(DetectionPredicate.of("qqqq-no-such-file.dll", "qqqq-no-such-process.exe")).build())
          .addFormat(format()).build()
          .read(new ByteArrayInputStream(join(b)), "kit", none::add);
      assertThat(s.events() + s.prefiltered()).isEqualTo(1);
      if (format().syntax() == LineSyntax.UNKNOWN) {
        assertThat(s.prefiltered()).isZero();
      }
    }
  }

  @Test
  void outOfScopeLine_isSkipped_notRejected() throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, first(), utf8(outOfScopeLine()), second());
    assertThat(s.rejections()).isEmpty();
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(events).hasSize(2);
  }

  @Test
  void truncatedRecord_isRejectedWithItsLineNumber_andNeighboursKept() throws IOException {
    byte[] full = first();
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, first(), Arrays.copyOf(full, full.length / 2), second());
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections().get(0).line()).isEqualTo(2);
    assertThat(events).hasSize(2);
  }

  @Test
  void invalidUtf8_isRejected_andNeighboursKept() throws IOException {
    byte[] full = first();
    byte[] broken = Arrays.copyOf(full, full.length + 2);
    int mid = full.length / 2;
    System.arraycopy(full, mid, broken, mid + 2, full.length - mid);
    broken[mid] = (byte) 0xC3; // a lead byte followed by another lead byte: not UTF-8
    broken[mid + 1] = (byte) 0xFF;
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, first(), broken, second());
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections().get(0).line()).isEqualTo(2);
    assertThat(events).hasSize(2);
  }

  @Test
  void oversizedLine_isRejected_andNeighboursKept() throws IOException {
    int max = Math.max(first().length, second().length) + 10;
    byte[] huge = new byte[max * 3];
    Arrays.fill(huge, (byte) 'x');
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = reader().maxLineLength(max).build()
        .read(new ByteArrayInputStream(join(first(), huge, second())), "kit", events::add);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections().get(0).line()).isEqualTo(2);
    assertThat(s.rejections().get(0).reason()).contains("longer than");
    assertThat(events).hasSize(2);
  }

  @Test
  void garbageLine_isRejected_andNeighboursKept() throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, first(), utf8("this is not a log line"), second());
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(events).hasSize(2);
  }

  @Test
  void rejectionReasons_neverQuoteThePayload() throws IOException {
    String line = validLines().get(0);
    String secret = "hunter2-secret-token";
    String withSecret = line.substring(0, line.length() / 2) + secret;
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, utf8(withSecret));
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections().get(0).toString()).doesNotContain(secret);
  }

  @Test
  void strictMode_stopsAtTheFirstMalformedLine() {
    byte[] input = join(first(), utf8("not a log line"), second());
    List<ProcessEvent> events = new ArrayList<>();
    assertThatThrownBy(() -> reader().strict(true).build().read(new ByteArrayInputStream(input), "kit", events::add))
        .isInstanceOf(MalformedLineException.class)
        .satisfies(e -> assertThat(((MalformedLineException) e).rejection().line()).isEqualTo(2));
    assertThat(events).hasSize(1);
  }

  @Test
  void parser_neverThrows_onAnyPrefixOrRandomCorruptionOfARealLine() {
    LineParser parser = format().newParser();
    long seed = Seeds.take();
    Random random = new Random(seed);
    for (String line : validLines()) {
      byte[] b = utf8(line);
      for (int cut = 0; cut <= b.length; cut += Math.max(1, b.length / 64)) {
        outcome(parser, Arrays.copyOf(b, cut), seed);
      }
      for (int round = 0; round < 50; round++) {
        byte[] c = b.clone();
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          c[random.nextInt(c.length)] = (byte) random.nextInt(256);
        }
        outcome(parser, c, seed);
      }
    }
  }

  private void outcome(LineParser parser, byte[] b, long seed) {
    LineOutcome o;
    try {
      o = parser.parse(b, 0, b.length, new EventOrigin(format().id(), "kit", 1));
    } catch (RuntimeException e) {
      throw new AssertionError("parser threw on a corrupted line (seed " + seed + ")", e);
    }
    assertThat(o).as("seed " + seed).isNotNull();
  }

  @Test
  void largeLineWithinTheLimit_isReadOrRejected_andNeighboursKept() throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = read(events, first(), utf8("a".repeat(200_000)), second());
    assertThat(s.lines()).isEqualTo(3);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(events).hasSize(2);
  }
}
