// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the reader hands inputs to record containers and accounts for their records. The container
 * here is a deliberately trivial one ({@code RECS} then records separated by {@code |}): a record
 * {@code !N} is a damaged one, {@code ~N} stands for N records passed over, {@code =NAME} a record the
 * container decodes itself, anything else is a line of the {@code kv} format.
 */
final class EventReaderContainerTest {
  static final class Recs implements RecordContainer {
    @Override
    public String id() {
      return "recs";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
      return length >= 4 && new String(head, 0, 4, StandardCharsets.US_ASCII).equals("RECS");
    }

    @Override
    public void read(InputStream in, String source, RecordSink sink) throws IOException {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String[] records = all.substring(4).split("\\|", -1);
      sink.chunk();
      long number = 100;
      for (String r : records) {
        number++;
        if (r.startsWith("!")) {
          sink.reject(number, "Size", "chunk 1: the record's size is outside the chunk");
        } else if (r.startsWith("~")) {
          sink.passedOver(Long.parseLong(r.substring(1)));
        } else if (r.startsWith("=")) {
          sink.outcome(number, "kv", LineOutcome.event(ProcessEvent.builder(Instant.EPOCH,
              new EventOrigin("kv", source, number)).set(Field.PROCESS_NAME, r.substring(1)).build()));
        } else if (r.startsWith("?")) {
          sink.warn(number, "chunk 1: checksum mismatch");
          sink.warn(0, "file header: checksum mismatch");
        } else {
          byte[] b = r.getBytes(StandardCharsets.UTF_8);
          sink.line(b, 0, b.length, number);
        }
      }
    }
  }

  /** The kv format of {@link EventReaderTest}, read also from {@code RECS} containers. */
  static final class KvWithContainer implements EventFormat {
    private final EventFormat kv = new EventReaderTest.KvFormat("kv", "kv");

    @Override
    public String id() {
      return "kv";
    }

    @Override
    public LineClaim claim(byte[] line, int offset, int length) {
      return kv.claim(line, offset, length);
    }

    @Override
    public LineParser newParser() {
      return kv.newParser();
    }

    @Override
    public List<RecordContainer> containers() {
      return List.of(new Recs(), new Recs()); // the same id twice: the reader keeps one
    }
  }

  private static final String INPUT =
      "RECS" + "kv 2024-04-23T08:48:30Z a.exe|kv skip|!|~5|=b.exe|?|kv bad|kv 2024-04-23T08:48:31Z c.exe";

  private static EventReader reader() {
    return EventReader.builder().addFormat(new KvWithContainer()).build();
  }

  @Test
  void container_readsEveryRecord_andAccountsForEach() throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = reader().read(new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8)), "x.recs", events::add);
    assertThat(events).extracting(e -> e.get(Field.PROCESS_NAME)).containsExactly("a.exe", "b.exe", "c.exe");
    assertThat(events).extracting(e -> e.origin().line()).containsExactly(101L, 105L, 108L);
    assertThat(s.lines()).isZero();
    assertThat(s.records()).as("6 records and 5 passed over; the warning is no record").isEqualTo(11);
    assertThat(s.chunks()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(6);
    assertThat(s.prefiltered()).isEqualTo(5);
    assertThat(s.rejected()).isEqualTo(2);
    assertThat(s.rejections()).extracting(Rejection::toString).containsExactly(
        "x.recs:103: recs: field Size: chunk 1: the record's size is outside the chunk",
        "x.recs:107: kv: expected 'kv TIME NAME'");
    assertThat(s.warnings()).extracting(Rejection::toString)
        .containsExactly("x.recs:106: recs: chunk 1: checksum mismatch", "x.recs: recs: file header: checksum mismatch");
    assertThat(s.bytes()).isEqualTo(INPUT.length());
  }

  @Test
  void container_isRecognisedInsideGzip_whateverTheFileName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.log");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
      o.write(INPUT.getBytes(StandardCharsets.UTF_8));
    }
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = reader().read(file, events::add);
    assertThat(events).hasSize(3);
    assertThat(s.records()).isEqualTo(11);
  }

  @Test
  void inputsNoContainerRecognises_areReadAsLines() throws IOException {
    ReadSummary s = reader().read(new ByteArrayInputStream("kv 2024-04-23T08:48:30Z a.exe\n".getBytes(StandardCharsets.UTF_8)),
        "x.log", e -> { });
    assertThat(s.lines()).isEqualTo(1);
    assertThat(s.records()).isZero();
    assertThat(s.events()).isEqualTo(1);
  }

  @Test
  void strictMode_stopsAtTheFirstDamagedRecord() {
    EventReader strict = EventReader.builder().addFormat(new KvWithContainer()).strict(true).build();
    assertThatThrownBy(() -> strict.read(new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8)), "x.recs", e -> { }))
        .isInstanceOf(MalformedLineException.class)
        .satisfies(e -> assertThat(((MalformedLineException) e).rejection().line()).isEqualTo(103));
  }

  @Test
  void gzipStream_ofLines_isUnpackedByContent() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(bytes)) {
      o.write("kv 2024-04-23T08:48:30Z a.exe\nkv skip\n".getBytes(StandardCharsets.UTF_8));
    }
    ReadSummary s = reader().read(new ByteArrayInputStream(bytes.toByteArray()), "x", e -> { });
    assertThat(s.lines()).isEqualTo(2);
    assertThat(s.events()).isEqualTo(1);
  }

  @Test
  void progress_isToldTheBytesAndTheRecordsAndChunks(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.recs");
    Files.writeString(file, INPUT, StandardCharsets.UTF_8);
    List<Long> positions = new ArrayList<>();
    List<String> counts = new ArrayList<>();
    reader().read(file, e -> { }, new ReadProgress() {
      @Override
      public void bytes(long position) {
        positions.add(position);
      }

      @Override
      public void records(long records, long chunks) {
        counts.add(records + "/" + chunks);
      }
    });
    assertThat(positions).isNotEmpty().isSorted().endsWith((long) INPUT.length());
    assertThat(counts).as("after the chunk, and at the end").containsExactly("0/1", "11/1");
  }
}
