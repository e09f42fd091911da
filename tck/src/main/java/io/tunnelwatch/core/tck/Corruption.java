// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random corruptions of a real line for property tests: byte flips, cuts, deletions, duplications,
 * and insertions of XML and JSON syntax and of invalid UTF-8. Deterministic for a given
 * {@link Random}.
 */
public final class Corruption {
  private static final byte[][] TOKENS = {
    bytes("<"), bytes(">"), bytes("&"), bytes("&amp;"), bytes("&#0;"), bytes("&#x110000;"), bytes("&lol;"),
    bytes("'"), bytes("\""), bytes("</Data>"), bytes("<Data Name='Image'>"), bytes("<![CDATA["), bytes("]]>"),
    bytes("<!--"), bytes("<!DOCTYPE Event [<!ENTITY lol 'lol'>]>"), bytes("<?xml version='1.0'?>"),
    bytes("{"), bytes("}"), bytes("\\u0000"), bytes("\\"), bytes(":"), bytes(","), bytes("\t"), bytes("\r"),
    {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0},
  };

  private Corruption() {}

  /** {@code line} with one to four random corruptions applied; {@code line} itself is not changed. */
  public static byte[] apply(byte[] line, Random random) {
    byte[] b = line.clone();
    int n = 1 + random.nextInt(4);
    for (int k = 0; k < n && b.length > 0; k++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(6)) {
        case 0 -> b[at] = (byte) random.nextInt(256);
        case 1 -> b = Arrays.copyOf(b, at);
        case 2 -> b = splice(b, at, Math.min(b.length, at + 1 + random.nextInt(40)), new byte[0]);
        case 3 -> b = splice(b, at, at, TOKENS[random.nextInt(TOKENS.length)]);
        case 4 -> b = splice(b, at, at, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + random.nextInt(60))));
        default -> b = splice(b, at, Math.min(b.length, at + 1), TOKENS[random.nextInt(TOKENS.length)]);
      }
    }
    return b;
  }

  /**
   * The property every format keeps: each real line with random corruptions becomes an event, a skip
   * or a rejection, the parser never throws, and through a reader the good line after it is still
   * read. Seeded by the clock; the seed is in every failure message.
   *
   * @param lines real lines of the format (a corpus)
   * @param rounds corruptions tried per line
   */
  public static void assertEveryCorruptionIsAccountedFor(EventFormat format, List<String> lines, int rounds) throws IOException {
    long seed = Seeds.take();
    Random random = new Random(seed);
    LineParser parser = format.newParser();
    EventReader reader = EventReader.builder().noPrefilter().addFormat(format).build();
    for (String line : lines) {
      byte[] original = line.getBytes(StandardCharsets.UTF_8);
      LineOutcome clean = format.newParser().parse(original, 0, original.length, new EventOrigin(format.id(), "property", 2));
      for (int round = 0; round < rounds; round++) {
        byte[] bad = apply(original, random);
        LineOutcome o;
        try {
          o = parser.parse(bad, 0, bad.length, new EventOrigin(format.id(), "property", 1));
        } catch (RuntimeException e) {
          throw new AssertionError("the parser threw (seed " + seed + ")", e);
        }
        assertThat(o).as("seed " + seed).isNotNull();
        // The same parser then reads the real line exactly as a fresh one does: no state leaks.
        assertThat(parser.parse(original, 0, original.length, new EventOrigin(format.id(), "property", 2)))
            .as("the real line after a corrupted one, seed " + seed).isEqualTo(clean);
        byte[] both = new byte[bad.length + original.length + 2];
        System.arraycopy(bad, 0, both, 0, bad.length);
        both[bad.length] = '\n';
        System.arraycopy(original, 0, both, bad.length + 1, original.length);
        both[both.length - 1] = '\n';
        List<ProcessEvent> events = new ArrayList<>();
        ReadSummary s = reader.read(new ByteArrayInputStream(both), "property", events::add);
        assertThat(events).as("the real line is read, seed " + seed).isNotEmpty();
        if (s.lines() == 0 && s.records() > 0) {
          // The corruption made the input start like a record container (an XML declaration: an
          // XML export), which is read as records, not lines (seed 22322331478352).
          assertThat(s.records()).as("records, seed " + seed + ", " + s).isBetween(1L, 2L + count(bad, (byte) '<'));
        } else {
          // a corruption may add line ends: LF, CRLF or a lone CR each end a line
          assertThat(s.lines()).as("lines, seed " + seed + ", " + s)
              .isBetween(2L, 2L + count(bad, (byte) '\n') + count(bad, (byte) '\r'));
          assertThat(events.get(events.size() - 1).origin().line()).as("seed " + seed).isEqualTo(s.lines());
        }
        assertThat(s.rejections()).as("seed " + seed).noneMatch(r -> r.reason().startsWith("parser failed"));
      }
    }
  }

  private static long count(byte[] b, byte c) {
    long n = 0;
    for (byte x : b) {
      if (x == c) {
        n++;
      }
    }
    return n;
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
