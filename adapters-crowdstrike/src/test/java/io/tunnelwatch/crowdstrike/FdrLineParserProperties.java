// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.tck.Seeds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Laws of the parser over every real corpus event under random corruption, on seeded generators
 * (the seed is in every failure message; rerun with {@code -Dtunnelwatch.seed=N}).
 */
@ExtendWith(Seeds.class)
final class FdrLineParserProperties {
  private static final int ROUNDS_PER_EVENT = 400;
  private static final String SECRET = "hunter2-secret-token";
  private static final EventOrigin ORIGIN = new EventOrigin("crowdstrike-fdr", "p", 1);
  private static final byte[][] FRAGMENTS = {
      utf8("{"), utf8("}"), utf8("["), utf8("]"), utf8("\""), utf8(","), utf8(":"), utf8("\\"), utf8("null"),
      utf8("true"), utf8("-0.5e9"), utf8("[".repeat(40)), utf8("{\"a\":"), utf8("\"event_simpleName\":"),
      utf8("\"AidMaster\""), utf8("\\u0000"), utf8("\\ud800"), utf8("\u2013"), utf8("\uD83D\uDE00"),
      {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {0}, {'\r'}, {'\t'},
  };

  private final long seed = Seeds.take();
  private final Random random = new Random(seed);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Each real event, with a secret in its command line so that no message may ever show it. */
  private static List<byte[]> realEvents() {
    return Corpus.all().stream()
        .map(l -> l.replace("\"CommandLine\":\"", "\"CommandLine\":\"" + SECRET + " "))
        .map(FdrLineParserProperties::utf8)
        .toList();
  }

  @Test
  void anyCorruptionOfARealEvent_givesAnEventSkipOrRejection_neverAnException() {
    LineParser longLived = new CrowdStrikeFormat().newParser();
    int[] counts = new int[3];
    for (byte[] event : realEvents()) {
      for (int round = 0; round < ROUNDS_PER_EVENT; round++) {
        byte[] corrupt = corrupt(event);
        LineOutcome outcome;
        try {
          outcome = longLived.parse(corrupt, 0, corrupt.length, ORIGIN);
        } catch (RuntimeException | Error e) {
          throw new AssertionError("seed " + seed + ": the parser threw on a corrupted real event", e);
        }
        LineOutcome fresh = new CrowdStrikeFormat().newParser().parse(corrupt, 0, corrupt.length, ORIGIN);
        assertThat(outcome).as("seed %d: a parser's earlier lines do not change a later line's outcome", seed)
            .isEqualTo(fresh);
        check(outcome);
        counts[outcome instanceof LineOutcome.Parsed ? 0 : outcome instanceof LineOutcome.Skipped ? 1 : 2]++;
      }
    }
    // The corruptions reach every outcome, or the law above says little.
    assertThat(counts).as("seed %d: events, skips, rejections", seed).doesNotContain(0);
  }

  private void check(LineOutcome outcome) {
    assertThat(outcome).as("seed %d", seed).isNotNull();
    if (!(outcome instanceof LineOutcome.Parsed)) {
      assertThat(outcome.toString()).as("seed %d: no skip or rejection shows the payload", seed).doesNotContain("hunter2");
    }
    if (outcome instanceof LineOutcome.Rejected r && r.field() != null) {
      assertThat(FdrKey.of(r.field())).as("seed %d: a rejection names a key the parser reads", seed).isNotNull();
    }
    if (outcome instanceof LineOutcome.Parsed p) {
      ProcessEvent e = p.event();
      assertThat(e.get(Field.VENDOR_PRODUCT)).isEqualTo(FdrLineParser.VENDOR_PRODUCT);
      assertThat(e.get(Field.ACTION)).isEqualTo("allowed");
      for (Field f : Field.values()) {
        assertThat(e.get(f)).as("seed %d: %s", seed, f.cimName()).isNotEmpty().isNotEqualTo("-");
      }
      String path = e.get(Field.PROCESS_PATH);
      if (!Field.PROCESS_PATH.isMissing(path)) {
        assertThat(Field.PROCESS_NAME.normalize(ProcessEvent.basename(path))).isEqualTo(e.get(Field.PROCESS_NAME));
      }
    }
  }

  @Test
  void aCorruptLine_neverCostsTheRealEventsAroundIt() {
    List<byte[]> events = realEvents();
    for (int round = 0; round < 300; round++) {
      byte[] before = events.get(random.nextInt(16)); // Panther's lines 1-16 and ...
      byte[] after = events.get(18); // ... security_content's event all have timestamps
      byte[] corrupt = corrupt(events.get(random.nextInt(events.size())));
      for (int i = 0; i < corrupt.length; i++) {
        corrupt[i] = corrupt[i] == '\n' || corrupt[i] == '\r' ? (byte) ' ' : corrupt[i]; // one line stays one line (CR ends one too)
      }
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      for (byte[] l : List.of(before, corrupt, after)) {
        in.writeBytes(l);
        in.write('\n');
      }
      List<ProcessEvent> out = new ArrayList<>();
      ReadSummary s;
      try {
        s = Corpus.reader().read(new java.io.ByteArrayInputStream(in.toByteArray()), "p", out::add);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      assertThat(out).as("seed %d", seed).extracting(e -> e.origin().line()).contains(1L, 3L);
      assertThat(s.rejections()).as("seed %d", seed).allSatisfy(r -> assertThat(r.line()).isEqualTo(2));
    }
  }

  @Test
  void corruptLines_leaveTheParserAsGoodAsNew() {
    LineParser parser = new CrowdStrikeFormat().newParser();
    for (byte[] event : realEvents()) {
      LineOutcome before = parser.parse(event, 0, event.length, ORIGIN);
      for (int round = 0; round < 50; round++) {
        byte[] c = corrupt(event);
        parser.parse(c, 0, c.length, ORIGIN);
      }
      assertThat(parser.parse(event, 0, event.length, ORIGIN)).as("seed %d", seed).isEqualTo(before);
    }
  }

  /** One to three random edits: flips, cuts, repeats, swaps and inserted JSON or UTF-8 fragments. */
  private byte[] corrupt(byte[] line) {
    byte[] b = line;
    int edits = 1 + random.nextInt(3);
    for (int k = 0; k < edits; k++) {
      int at = b.length == 0 ? 0 : random.nextInt(b.length);
      int span = b.length == 0 ? 0 : 1 + random.nextInt(Math.min(32, b.length - at));
      b = switch (random.nextInt(6)) {
        case 0 -> flip(b, at);
        case 1 -> Arrays.copyOf(b, at); // truncate
        case 2 -> splice(b, at, span, new byte[0]); // delete
        case 3 -> splice(b, at, 0, Arrays.copyOfRange(b, at, at + span)); // repeat
        case 4 -> splice(b, at, 0, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        default -> splice(b, at, span, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      };
    }
    return b;
  }

  private byte[] flip(byte[] b, int at) {
    if (b.length == 0) {
      return b;
    }
    byte[] c = b.clone();
    c[at] = (byte) random.nextInt(256);
    return c;
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] c = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(insert, 0, c, at, insert.length);
    System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
    return c;
  }
}
