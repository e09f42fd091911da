// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.tck.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's line handling and accounting. The formats here are deliberately trivial text
 * formats ({@code kv TIME NAME}, {@code other ...}): what is under test is how lines are split,
 * dispatched and accounted for, not a real log format (the adapters' kit tests those).
 */
@ExtendWith(Seeds.class)
final class EventReaderTest {
  /** {@code kv <instant> <process_name>}; {@code kv skip} is out of scope. */
  static final class KvFormat implements EventFormat {
    private final String id;
    private final String prefix;

    KvFormat(String id, String prefix) {
      this.id = id;
      this.prefix = prefix;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public LineClaim claim(byte[] line, int offset, int length) {
      String s = new String(line, offset, length, StandardCharsets.UTF_8);
      if (s.startsWith(prefix + " ")) {
        return LineClaim.FORMAT;
      }
      return s.startsWith("kv") || s.startsWith("other") ? LineClaim.FAMILY : LineClaim.NO;
    }

    @Override
    public LineParser newParser() {
      return (line, offset, length, origin) -> {
        String[] parts = new String(line, offset, length, StandardCharsets.UTF_8).split(" ");
        if (parts.length == 2 && parts[1].equals("skip")) {
          return LineOutcome.skip("out of scope");
        }
        if (parts.length == 2 && parts[1].equals("throw")) {
          throw new IllegalStateException("parser bug");
        }
        if (parts.length != 3 || !parts[0].equals(prefix)) {
          return LineOutcome.reject(null, "expected '" + prefix + " TIME NAME'");
        }
        try {
          return LineOutcome.event(ProcessEvent.builder(Instant.parse(parts[1]), origin)
              .set(Field.PROCESS_NAME, parts[2]).build());
        } catch (DateTimeParseException e) {
          return LineOutcome.reject("time", "not an ISO-8601 instant");
        }
      };
    }
  }

  private static final KvFormat KV = new KvFormat("kv", "kv");

  private final List<ProcessEvent> events = new ArrayList<>();

  private ReadSummary read(EventReader reader, String text) throws IOException {
    return reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "in", events::add);
  }

  private ReadSummary read(String text) throws IOException {
    return read(EventReader.builder().addFormat(KV).build(), text);
  }

  @Test
  void everyLine_isAnEventASkipOrARejection() throws IOException {
    ReadSummary s = read("kv 2024-01-01T00:00:00Z a.exe\n\nkv skip\nkv nonsense\nkv 2024-01-01T00:00:01Z b.exe");
    assertThat(s.lines()).isEqualTo(5);
    assertThat(s.events()).isEqualTo(2);
    assertThat(s.skipped()).isEqualTo(2);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.line()).isEqualTo(4);
      assertThat(r.format()).isEqualTo("kv");
      assertThat(r.source()).isEqualTo("in");
    });
    assertThat(events).extracting(e -> e.origin().line()).containsExactly(1L, 5L);
  }

  @Test
  void rejection_namesTheField() throws IOException {
    ReadSummary s = read("kv yesterday a.exe\n");
    assertThat(s.rejections().get(0).field()).isEqualTo("time");
    assertThat(s.rejections().get(0).toString()).isEqualTo("in:1: kv: field time: not an ISO-8601 instant");
  }

  @Test
  void crlf_bom_andAMissingFinalNewline_areHandled() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bom);
    out.writeBytes("kv 2024-01-01T00:00:00Z a.exe\r\nkv 2024-01-01T00:00:00Z b.exe".getBytes(StandardCharsets.UTF_8));
    ReadSummary s = EventReader.builder().addFormat(KV).build().read(new ByteArrayInputStream(out.toByteArray()), "in", events::add);
    assertThat(s.rejected()).isZero();
    assertThat(events).extracting(e -> e.get(Field.PROCESS_NAME)).containsExactly("a.exe", "b.exe");
  }

  /** Issue 12, item 5: a file with CR line ends (old Mac, some exporters) was one long line. */
  @Test
  void loneCr_endsALine_andCrlfIsOneEnd() throws IOException {
    ReadSummary s = read("kv 2024-01-01T00:00:00Z a.exe\rkv 2024-01-01T00:00:00Z b.exe\r\n\rkv 2024-01-01T00:00:00Z c.exe\r");
    assertThat(s.lines()).isEqualTo(4);
    assertThat(s.skipped()).isEqualTo(1); // the empty line between CRLF and CR
    assertThat(events).extracting(e -> e.get(Field.PROCESS_NAME)).containsExactly("a.exe", "b.exe", "c.exe");
    assertThat(events).extracting(e -> e.origin().line()).containsExactly(1L, 2L, 4L);
  }

  /** Issue 12, item 5: `cat a.log b.log` where both start with a BOM put one at the start of a line. */
  @Test
  void utf8Bom_atTheStartOfAnyLine_isDropped() throws IOException {
    String bom = "\uFEFF";
    ReadSummary s = read(bom + "kv 2024-01-01T00:00:00Z a.exe\n" + bom + "kv 2024-01-01T00:00:00Z b.exe\n");
    assertThat(s.rejected()).isZero();
    assertThat(events).extracting(e -> e.get(Field.PROCESS_NAME)).containsExactly("a.exe", "b.exe");
  }

  /** Issue 12, item 5: PowerShell's {@code >} writes UTF-16LE with a BOM; other tools UTF-16 or UTF-32 without. */
  @Test
  void utf16AndUtf32_withOrWithoutBom_readAsUtf8Does() throws IOException {
    String text = "kv 2024-01-01T00:00:00Z a\u00e9\u4e2d\uD83D\uDE00.exe\r\n\nkv 2024-01-01T00:00:00Z b.exe\nkv nonsense\n";
    read(text);
    List<ProcessEvent> utf8 = List.copyOf(events);
    ReadSummary expected = read(text);
    for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
      for (boolean bom : List.of(true, false)) {
        byte[] bytes = ((bom ? "\uFEFF" : "") + text).getBytes(java.nio.charset.Charset.forName(charset));
        events.clear();
        ReadSummary s = EventReader.builder().addFormat(KV).build().read(new ByteArrayInputStream(bytes), "in", events::add);
        assertThat(s.events()).as("%s, BOM %s", charset, bom).isEqualTo(expected.events());
        assertThat(s.rejections()).as("%s, BOM %s", charset, bom).isEqualTo(expected.rejections());
        assertThat(events).as("%s, BOM %s", charset, bom).isEqualTo(utf8);
      }
    }
  }

  /** Issue 12, item 5: a file in an encoding that cannot be read is one message naming it, not a rejection per line. */
  @Test
  void unreadableEncoding_isOneErrorNamingIt() {
    byte[] utf7 = "+/v8-kv 2024-01-01T00:00:00Z a.exe\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> EventReader.builder().addFormat(KV).build().read(new ByteArrayInputStream(utf7), "in", events::add))
        .isInstanceOf(UnreadableInputException.class)
        .hasMessage("in is encoded in UTF-7, which cannot be read: save it as UTF-8 (or UTF-16)");
  }

  /** Issue 12, item 8: a file of no registered format says so, a file with one known line does not. */
  @Test
  void nothingRecognised_onlyWhenNoLineIsOfAFormat() throws IOException {
    assertThat(read("random text\n\nmore of it\n").nothingRecognised()).isTrue();
    assertThat(read("random text\nkv skip\n").nothingRecognised()).isFalse();
    assertThat(read("\n\n").nothingRecognised()).isFalse();
    assertThat(read("random text\nkv skip\n").recognised()).isEqualTo(1);
  }

  @Test
  void lines_longerThanTheReadBuffer_areReassembled() throws IOException {
    String name = "x".repeat(200_000) + ".exe";
    ReadSummary s = read("kv 2024-01-01T00:00:00Z " + name + "\nkv 2024-01-01T00:00:00Z b.exe\n");
    assertThat(s.rejected()).isZero();
    assertThat(events.get(0).get(Field.PROCESS_NAME)).isEqualTo(name);
  }

  @Test
  void lineLongerThanTheMaximum_isRejected_withoutLosingItsNeighbours() throws IOException {
    EventReader r = EventReader.builder().addFormat(KV).maxLineLength(100).build();
    String ok = "kv 2024-01-01T00:00:00Z a.exe";
    String exactly100 = "kv 2024-01-01T00:00:00Z " + "y".repeat(100 - 24);
    ReadSummary s = read(r, ok + "\n" + "kv " + "z".repeat(300_000) + "\n" + exactly100 + "\n" + ok);
    assertThat(s.lines()).isEqualTo(4);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections().get(0).line()).isEqualTo(2);
    assertThat(s.rejections().get(0).reason()).contains("longer than the maximum of 100 bytes");
    assertThat(events).hasSize(3);
  }

  @Test
  void oversizedLastLine_withoutNewline_isRejected() throws IOException {
    EventReader r = EventReader.builder().addFormat(KV).maxLineLength(10).build();
    ReadSummary s = read(r, "kv skip\n" + "k".repeat(100_000));
    assertThat(s.lines()).isEqualTo(2);
    assertThat(s.rejected()).isEqualTo(1);
  }

  @Test
  void lineNoFormatClaims_isRejected_namingTheRegisteredFormats() throws IOException {
    ReadSummary s = read("<html>\n");
    assertThat(s.rejections().get(0).reason()).contains("no registered format").contains("[kv]");
  }

  @Test
  void theStrongestClaim_readsTheLine_firstRegisteredOnATie() throws IOException {
    EventReader r = EventReader.builder().addFormat(KV).addFormat(new KvFormat("other", "other")).build();
    read(r, "other 2024-01-01T00:00:00Z a.exe\nkv 2024-01-01T00:00:00Z b.exe\n");
    assertThat(events).extracting(e -> e.origin().format()).containsExactly("other", "kv");
  }

  @Test
  void aParserThatThrows_costsOnlyItsLine() throws IOException {
    ReadSummary s = read("kv throw\nkv 2024-01-01T00:00:00Z a.exe\n");
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections().get(0).reason()).contains("IllegalStateException").doesNotContain("parser bug");
    assertThat(events).hasSize(1);
  }

  @Test
  void strictMode_stopsAtTheFirstMalformedLine_withItsPosition() {
    EventReader r = EventReader.builder().addFormat(KV).strict(true).build();
    assertThatThrownBy(() -> read(r, "kv 2024-01-01T00:00:00Z a.exe\nkv bad\nkv 2024-01-01T00:00:00Z b.exe\n"))
        .isInstanceOf(MalformedLineException.class)
        .hasMessageContaining("in:2");
    assertThat(events).hasSize(1);
  }

  @Test
  void rejectionsListed_areCapped_butAllCounted() throws IOException {
    EventReader r = EventReader.builder().addFormat(KV).maxRejections(2).build();
    ReadSummary s = read(r, "x\nx\nx\nx\n");
    assertThat(s.rejected()).isEqualTo(4);
    assertThat(s.rejections()).hasSize(2);
  }

  @Test
  void gzipFiles_areReadTransparently(@TempDir Path dir) throws IOException {
    Path gz = dir.resolve("events.log.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write("kv 2024-01-01T00:00:00Z a.exe\n".getBytes(StandardCharsets.UTF_8));
    }
    ReadSummary s = EventReader.builder().addFormat(KV).build().read(gz, events::add);
    assertThat(s.events()).isEqualTo(1);
    assertThat(events.get(0).origin().source()).isEqualTo(gz.toString());
  }

  @Test
  void build_withoutFormats_explainsWhatToDo() {
    assertThatThrownBy(() -> EventReader.builder().build())
        .isInstanceOf(NoEventFormatException.class).hasMessageContaining("addDiscoveredFormats");
    assertThatThrownBy(() -> EventReader.builder().maxLineLength(0))
        .hasMessageContaining("maxLineLength must be between 1 and 1073741824 but was 0");
  }

  /** Issue 12, item 15: a limit near Integer.MAX_VALUE was accepted and then overflowed a buffer size. */
  @Test
  void maxLineLength_beyondTheLimit_isRefusedAtOnce_andTheLimitItselfReads() throws IOException {
    assertThatThrownBy(() -> EventReader.builder().maxLineLength(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLineLength must be between 1 and 1073741824 but was 2147483647");
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = EventReader.builder().addFormat(KV).maxLineLength(EventReader.MAX_LINE_LENGTH_LIMIT).build()
        .read(new java.io.ByteArrayInputStream("x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "t", events::add);
    assertThat(s.lines()).isEqualTo(1);
  }

  /** Splitting does not depend on how the stream chunks its bytes. */
  @RepeatedTest(20)
  void splitting_isIndependentOfReadChunking() throws IOException {
    long seed = Seeds.take();
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      text.append(random.nextInt(5) == 0 ? "" : "kv 2024-01-01T00:00:00Z p" + "q".repeat(random.nextInt(70_000)) + ".exe");
      text.append(switch (random.nextInt(3)) {
        case 0 -> "\n";
        case 1 -> "\r\n";
        default -> "\r"; // a CR at the end of one read and an LF at the start of the next are one end
      });
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    InputStream trickle = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(100_000)));
      }
    };
    List<ProcessEvent> a = new ArrayList<>();
    ReadSummary chunked = EventReader.builder().addFormat(KV).build().read(trickle, "in", a::add);
    ReadSummary whole = read(text.toString());
    assertThat(chunked).as("seed %d", seed).isEqualTo(whole);
    assertThat(a).as("seed %d", seed).isEqualTo(events);
  }

  @Test
  void parallelism_mustBePositive() {
    assertThatThrownBy(() -> EventReader.builder().parallelism(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parallelism must be positive but was 0");
  }
}
