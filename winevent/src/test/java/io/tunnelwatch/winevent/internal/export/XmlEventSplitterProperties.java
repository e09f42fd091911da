// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tunnelwatch.core.tck.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The splitter's laws over seeded random inputs (the seed is printed on failure; set
 * {@code -Dtunnelwatch.seed=…} to replay one): it never throws on any input, what it delivers is
 * the input's own bytes at the reported place whatever pieces it is read in, a damaged event never costs the events around it,
 * and its work is linear even on inputs built to make a rescanning splitter quadratic.
 */
@ExtendWith(Seeds.class)
final class XmlEventSplitterProperties {
  private final long seed = Seeds.take();
  private static final List<String> LINES = EventXml.sampleLines(20);
  private static final String NS = XmlEventSplitter.EVENT_NAMESPACE;
  private static final Map<String, String> PRETTY = new HashMap<>();
  private static final byte[] NASTY = "<>/!-?[]'\"E \n\r\tx&".getBytes(StandardCharsets.US_ASCII);

  @Test
  void anyMutatedExport_neverThrows_andDeliversTheInputsOwnBytesInOrder() throws IOException {
    int trials = 1500;
    int delivered = 0;
    int rejected = 0;
    for (int t = 0; t < trials; t++) {
      Random random = new Random(seed + t);
      boolean utf8 = random.nextBoolean();
      // A UTF-16 export reaches the splitter as the reader passes it: transcoded to UTF-8.
      byte[] input = Collected.asTheReaderPassesIt(mutate(random, export(random, utf8)));
      int limit = random.nextInt(4) == 0 ? 64 + random.nextInt(2048) : XmlEventSplitter.DEFAULT_MAX_EVENT_BYTES;
      Collected c;
      try {
        c = Collected.split(new XmlEventSplitter(limit), input);
        checkInvariants(c, input, limit);
        if (t % 5 == 0) {
          Collected trickled = trickle(new XmlEventSplitter(limit), input, random);
          assertThat(trickled.summary).as("read in small pieces").isEqualTo(c.summary);
          assertThat(trickled.rejections).isEqualTo(c.rejections);
          for (int i = 0; i < c.events.size(); i++) {
            assertThat(trickled.events.get(i).utf8()).isEqualTo(c.events.get(i).utf8());
            assertThat(trickled.events.get(i).byteOffset()).isEqualTo(c.events.get(i).byteOffset());
            assertThat(trickled.events.get(i).line()).isEqualTo(c.events.get(i).line());
          }
        }
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("seed " + seed + " trial " + t + ": " + e, e);
      }
      delivered += c.events.size();
      rejected += c.rejections.size();
    }
    // Not vacuous: the mutations must both leave events and break some.
    assertThat(delivered).as("seed %d", seed).isGreaterThan(trials);
    assertThat(rejected).as("seed %d", seed).isGreaterThan(trials / 4);
  }

  @Test
  void oneDamagedEvent_neverCostsTheEventsAroundIt() {
    int trials = 1500;
    int structural = 0; // the splitter itself rejected something or delivered another count
    int unreadable = 0; // the damaged event was delivered and the XML parser refuses it
    for (int t = 0; t < trials; t++) {
      Random random = new Random(seed ^ (0x5DEECE66DL * (t + 1)));
      List<String> events = pick(random, 3 + random.nextInt(6));
      int k = random.nextInt(events.size());
      byte[] damaged = events.get(k).getBytes(StandardCharsets.UTF_8);
      // A comment, CDATA or processing instruction opened inside an event rightly runs to its close,
      // whatever it holds, so the damage may not open one.
      do {
        damaged = events.get(k).getBytes(StandardCharsets.UTF_8);
        for (int e = random.nextInt(3); e >= 0; e--) {
          damaged = damage(random, damaged);
        }
      } while (contains(damaged, "<!") || contains(damaged, "<?"));
      String sep = random.nextBoolean() ? "\n" : "\r\n  ";
      byte[] input = join(events, k, damaged, sep);
      try {
        Collected c = Collected.split(input);
        List<String> texts = c.events.stream().map(Collected.Event::text).collect(Collectors.toList());
        assertThat(texts.subList(0, k)).isEqualTo(events.subList(0, k));
        List<String> after = events.subList(k + 1, events.size());
        assertThat(texts.subList(texts.size() - after.size(), texts.size())).isEqualTo(after);
        if (texts.size() != events.size() || !c.rejections.isEmpty()) {
          structural++;
        } else if (!parses(c.events.get(k).utf8())) {
          unreadable++;
        }
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("seed " + seed + " trial " + t + ": " + e, e);
      }
    }
    // Not vacuous: the damage must often break the event, and sometimes its structure.
    assertThat(structural).as("seed %d", seed).isGreaterThan(trials / 100);
    assertThat(structural + unreadable).as("seed %d", seed).isGreaterThan(trials / 3);
  }

  @Test
  void hostileInputs_takeLinearTime() {
    int n = 2 << 20; // bytes of each input; a quadratic scan of one would take hours
    List<IntFunction<String>> hostile = List.of(
        size -> "<Eve".repeat(size / 4),
        size -> "<!--".repeat(size / 4),
        size -> "<Event ".repeat(size / 7),
        size -> "<Event>".repeat(size / 7),
        size -> ("<Event xmlns='" + NS + "'>").repeat(size / 70),
        size -> "<Event a='" + "x".repeat(size),
        size -> "<Event><![CDATA[" + "]]".repeat(size / 2),
        size -> "<Event>" + "<?".repeat(size / 2),
        size -> "<Event><Event " + NS.substring(0, NS.length() - 1).repeat(size / NS.length()) + ">",
        size -> "<Event>" + "<Data a='".repeat(size / 9),
        size -> "<Events>".repeat(size / 8),
        size -> "x<Even".repeat(size / 6),
        size -> "<Event>" + "</Even".repeat(size / 6));
    for (int i = 0; i < hostile.size(); i++) {
      String text = hostile.get(i).apply(n);
      for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE)) {
        byte[] input = charset.equals(StandardCharsets.UTF_8) ? text.getBytes(charset)
            : XmlEventSplitterTest.encode(text, charset, (byte) 0xFF, (byte) 0xFE);
        int which = i;
        Collected c = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Collected.split(input),
            () -> "hostile input " + which + " in " + charset);
        assertThat(c.summary.events() + c.summary.rejections()).as("hostile input %d", i).isLessThan(n);
      }
    }
  }

  /** Splits {@code input} read a few bytes at a time, as a pipe or socket may hand it over. */
  private static Collected trickle(XmlEventSplitter splitter, byte[] input, Random random) throws IOException {
    InputStream slow = new InputStream() {
      private int at;

      @Override
      public int read() {
        return at < input.length ? input[at++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= input.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, 1 + random.nextInt(7)), input.length - at);
        System.arraycopy(input, at, b, off, n);
        at += n;
        return n;
      }
    };
    Collected c = new Collected();
    c.summary = splitter.split(slow, c);
    return c;
  }

  private static void checkInvariants(Collected c, byte[] input, int limit) {
    assertThat(c.summary.events()).isEqualTo(c.events.size());
    assertThat(c.summary.rejections()).isEqualTo(c.rejections.size());
    long lastOffset = -1;
    // Events and rejections interleave in input order; check each list is ordered and in range.
    for (Collected.Event e : c.events) {
      byte[] bytes = e.utf8();
      assertThat(bytes.length).isLessThanOrEqualTo(limit);
      assertThat(new String(bytes, 0, 6, StandardCharsets.ISO_8859_1)).isEqualTo("<Event");
      assertThat(e.byteOffset()).isGreaterThan(lastOffset).isLessThan(input.length);
      if (bytes[bytes.length - 1] != '>') {
        // Only an end tag cut short by the next '<' (never allowed in a tag) ends otherwise.
        int next = (int) e.byteOffset() + bytes.length;
        assertThat(next).isLessThan(input.length);
        assertThat(input[next]).isEqualTo((byte) '<');
      }
      lastOffset = e.byteOffset();
      assertThat(e.line()).isEqualTo(lineAt(input, e.byteOffset()));
      int from = (int) e.byteOffset();
      assertThat(Arrays.copyOfRange(input, from, from + bytes.length)).isEqualTo(bytes);
    }
    lastOffset = -1;
    for (Collected.Rejection r : c.rejections) {
      assertThat(r.byteOffset()).isGreaterThan(lastOffset).isLessThanOrEqualTo(input.length);
      lastOffset = r.byteOffset();
      assertThat(r.line()).isEqualTo(lineAt(input, r.byteOffset()));
      assertThat(r.reason()).isNotBlank().hasSizeLessThan(80);
    }
  }

  /** The 1-based line of a byte offset, counting LF, CR and CRLF as the splitter documents. */
  private static long lineAt(byte[] input, long offset) {
    long line = 1;
    boolean afterCr = false;
    for (int i = startsWithUtf8Bom(input) ? 3 : 0; i < offset; i++) {
      int c = input[i] & 0xFF;
      if (c == '\n') {
        if (!afterCr) {
          line++;
        }
      } else if (c == '\r') {
        line++;
      }
      afterCr = c == '\r';
    }
    return line;
  }

  private static boolean startsWithUtf8Bom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }

  /** A random export: UTF-8 (perhaps with a BOM) or UTF-16LE with a BOM; any layout. */
  private static byte[] export(Random random, boolean utf8) {
    List<String> events = pick(random, 1 + random.nextInt(8));
    String nl = random.nextBoolean() ? "\n" : "\r\n";
    if (random.nextBoolean()) {
      events = events.stream().map(e -> PRETTY.computeIfAbsent(e + nl, k -> EventXml.pretty(e, "  ", nl)))
          .collect(Collectors.toList());
    }
    String text = (random.nextBoolean() ? "<?xml version=\"1.0\" encoding=\"utf-16\"?>" + nl : "")
        + (random.nextBoolean() ? "<Events>" + nl + String.join(nl, events) + nl + "</Events>" + nl
            : String.join(random.nextBoolean() ? "" : nl, events));
    if (!utf8) {
      return XmlEventSplitterTest.encode(text, StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE);
    }
    return random.nextBoolean() ? text.getBytes(StandardCharsets.UTF_8)
        : XmlEventSplitterTest.encode(text, StandardCharsets.UTF_8, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
  }

  /** A few random edits anywhere after the BOM, sometimes a truncation. */
  private static byte[] mutate(Random random, byte[] input) {
    int bom = (input[0] & 0xFF) == 0xFF || (input[0] & 0xFF) == 0xEF ? (input[0] & 0xFF) == 0xFF ? 2 : 3 : 0;
    byte[] head = Arrays.copyOf(input, bom);
    byte[] body = Arrays.copyOfRange(input, bom, input.length);
    int edits = random.nextInt(6);
    for (int i = 0; i < edits; i++) {
      body = damage(random, body);
    }
    if (random.nextInt(5) == 0 && body.length > 0) {
      body = Arrays.copyOf(body, random.nextInt(body.length));
    }
    byte[] out = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  /** One random edit: a byte changed, inserted or deleted, or a range deleted or repeated. */
  private static byte[] damage(Random random, byte[] b) {
    if (b.length == 0) {
      return new byte[] {NASTY[random.nextInt(NASTY.length)]};
    }
    int at = random.nextInt(b.length);
    byte nasty = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : NASTY[random.nextInt(NASTY.length)];
    switch (random.nextInt(5)) {
      case 0 -> {
        byte[] c = b.clone();
        c[at] = nasty;
        return c;
      }
      case 1 -> {
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, at);
        c[at] = nasty;
        System.arraycopy(b, at, c, at + 1, b.length - at);
        return c;
      }
      case 2 -> {
        int len = 1 + random.nextInt(Math.min(64, b.length - at));
        byte[] c = new byte[b.length - len];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + len, c, at, b.length - at - len);
        return c;
      }
      case 3 -> {
        int len = 1 + random.nextInt(Math.min(64, b.length - at));
        byte[] c = new byte[b.length + len];
        System.arraycopy(b, 0, c, 0, at + len);
        System.arraycopy(b, at, c, at + len, b.length - at);
        return c;
      }
      default -> {
        byte[] c = b.clone();
        c[at] = (byte) random.nextInt(256);
        return c;
      }
    }
  }

  private static List<String> pick(Random random, int count) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(LINES.get(random.nextInt(LINES.size())));
    }
    return events;
  }

  private static byte[] join(List<String> events, int k, byte[] damaged, String sep) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.writeBytes(sep.getBytes(StandardCharsets.UTF_8));
      }
      out.writeBytes(i == k ? damaged : events.get(i).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static boolean parses(byte[] event) {
    try {
      EventXml.values(event);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean contains(byte[] b, String s) {
    byte[] p = s.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + p.length <= b.length; i++) {
      for (int j = 0; j < p.length; j++) {
        if (b[i + j] != p[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
