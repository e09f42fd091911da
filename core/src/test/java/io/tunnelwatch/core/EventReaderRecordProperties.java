// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tunnelwatch.core.tck.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A record read from memory ({@link EventReader#read(byte[], String, java.util.function.Consumer)})
 * gives exactly what a stream of the same bytes gives: the same events with the same origins, the
 * same summary and rejections, and in strict mode the same first malformed line; around every edge
 * of the line framing (CR LF, a byte order mark, no final newline, lines at and past the maximum).
 */
@ExtendWith(Seeds.class)
final class EventReaderRecordProperties {
  private static final int MAX_LINE = 60;

  private static byte[] randomRecord(Random rnd) {
    StringBuilder b = new StringBuilder();
    int lines = rnd.nextInt(12);
    for (int i = 0; i < lines; i++) {
      String name = rnd.nextInt(3) == 0 ? "devtunnel.exe" : "cmd" + rnd.nextInt(10) + ".exe";
      switch (rnd.nextInt(12)) {
        case 0 -> b.append("");
        case 1 -> b.append("kv skip");
        case 2 -> b.append("kv nonsense ").append(name);
        case 3 -> b.append("zzz no format");
        case 4 -> b.append("   \t");
        // around the maximum: at it, one past it (a CR may take that byte), two past it
        case 5 -> b.append("kv 2024-01-01T00:00:00Z ").append("x".repeat(MAX_LINE - 37 + rnd.nextInt(4))).append(name);
        case 6 -> b.append("kv ").append("y".repeat(MAX_LINE + rnd.nextInt(200)));
        // a byte order mark (3 bytes, taken off line 1 only) before a line near the maximum
        case 7 -> b.append("\uFEFFkv 2024-01-01T00:00:00Z ").append("z".repeat(rnd.nextInt(4) == 0 ? 0 : MAX_LINE - 40 + rnd.nextInt(5)))
            .append(name);
        default -> b.append("kv 2024-01-01T00:").append(10 + rnd.nextInt(50)).append(":00Z ").append(name);
      }
      if (i < lines - 1 || rnd.nextBoolean()) {
        b.append(switch (rnd.nextInt(6)) {
          case 0 -> "\r\n";
          case 1 -> "\r\r\n";
          default -> "\n";
        });
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static EventReader.Builder reader(int listed) {
    return EventReader.builder().addFormat(new EventReaderTest.KvFormat("kv", "kv")).maxLineLength(MAX_LINE)
        .maxRejections(listed);
  }

  @Test
  void recordRead_equalsStreamRead() throws IOException {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    int withEvents = 0;
    int withRejections = 0;
    for (int round = 0; round < 400; round++) {
      byte[] record = randomRecord(rnd);
      if (rnd.nextInt(20) == 0) {
        record = gzip(record);
      }
      int listed = rnd.nextInt(4);
      // one reader for many records, as a Kafka task keeps it, and a fresh one
      List<ProcessEvent> a = new ArrayList<>();
      List<ProcessEvent> b = new ArrayList<>();
      ReadSummary sa = reader(listed).build().read(new ByteArrayInputStream(record), "r" + round, a::add);
      ReadSummary sb = reader(listed).build().read(record, "r" + round, b::add);
      assertThat(sb).as("seed %s, round %s", seed, round).isEqualTo(sa);
      assertThat(b).as("seed %s, round %s", seed, round).isEqualTo(a);
      withEvents += a.isEmpty() ? 0 : 1;
      withRejections += sa.rejected() > 0 ? 1 : 0;

      byte[] input = record;
      MalformedLineException ea = catchThrowableOfType(MalformedLineException.class,
          () -> reader(listed).strict(true).build().read(new ByteArrayInputStream(input), "s", e -> { }));
      MalformedLineException eb = catchThrowableOfType(MalformedLineException.class,
          () -> reader(listed).strict(true).build().read(input, "s", e -> { }));
      assertThat(eb == null ? null : eb.rejection()).as("seed %s, round %s", seed, round)
          .isEqualTo(ea == null ? null : ea.rejection());
    }
    // not vacuous: many records gave events, many gave rejections
    assertThat(withEvents).as("seed %s", seed).isGreaterThan(130);
    assertThat(withRejections).as("seed %s", seed).isGreaterThan(130);
  }

  @Test
  void emptyRecord_isReadAsAnEmptyStream() throws IOException {
    ReadSummary s = reader(10).build().read(new byte[0], "empty", e -> { });
    assertThat(s).isEqualTo(reader(10).build().read(new ByteArrayInputStream(new byte[0]), "empty", e -> { }));
    assertThat(s.lines()).isZero();
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }
}
