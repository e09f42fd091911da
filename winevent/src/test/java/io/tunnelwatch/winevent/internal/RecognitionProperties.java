// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.Seeds;
import io.tunnelwatch.winevent.internal.export.WrappedXml;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The containers' recognition, now eight bytes at a time ({@link ByteScan}), answers as the
 * byte-by-byte searches it replaced (kept here as the references) over seeded random lines made of
 * the keys, quotes and XML starts they look for, real FDR and wrapped-XML lines among them, each
 * searched in a window of a larger array whose bytes outside the window would change the answer
 * (the seed is printed on failure; {@code -Dtunnelwatch.seed=…} replays it).
 */
@ExtendWith(Seeds.class)
final class RecognitionProperties {
  private final long seed = Seeds.take();

  private static final List<String> PIECES = List.of(
      "\"", "\"", "\"", "_raw\"", "event\"", "event_simpleName\"", "\"event_simpleName\"", "Event\"", "EventID\"",
      "winlog\"", "ecs\"", "@metadata\"", "SourceName\"", "EventSourceName\"", ":", " ", "\t", "\n", "<Event",
      "\\u003cEvent", "\\u003CEvent", "{", "}", "e", "_", "E", "\\", "\\\"", "x", "ab", "\u00e9", "\"_raw\":\"<Event ",
      "\"event\": \"\\u003cEvent", "\"winlog\":{}", "\"@metadata\"");
  private static final String FDR = "{\"CommandLine\":\"\\\"C:\\\\Tools\\\\devtunnel.exe\\\" host\",\"ComputerName\":\"WS-1\","
      + "\"ImageFileName\":\"\\\\Device\\\\HarddiskVolume2\\\\Tools\\\\devtunnel.exe\",\"aid\":\"a1\","
      + "\"event_platform\":\"Win\",\"event_simpleName\":\"ProcessRollup2\",\"timestamp\":\"1700000000000\"}";
  private static final String HEC = "{\"event\":\"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
      + "<System><Provider Name='Microsoft-Windows-Sysmon'/></System></Event>\",\"sourcetype\":\"XmlWinEventLog\"}";
  private static final String EXPORT = "{\"preview\":false,\"result\":{\"_raw\":\"\\u003cEvent xmlns='x'/>\",\"_time\":\"t\"}}";

  @Test
  void wrappedXmlRecognises_answersAsTheByteByByteSearch() {
    int yes = 0;
    for (int t = 0; t < 20_000; t++) {
      Random random = new Random(seed + t);
      Window w = window(random);
      boolean expected = Reference.wrappedXml(w.bytes, w.from, w.length);
      assertThat(WrappedXml.recognises(w.bytes, w.from, w.length)).as("trial %d: %s", t, w).isEqualTo(expected);
      yes += expected ? 1 : 0;
    }
    assertThat(yes).as("not vacuous").isGreaterThan(500);
  }

  @Test
  void winJsonSearches_answerAsTheByteByByteSearches() {
    ByteScan.Needle crowdStrike = new ByteScan.Needle("\"event_simpleName\"");
    int found = 0;
    int marked = 0;
    for (int t = 0; t < 20_000; t++) {
      Random random = new Random(seed + t);
      Window w = window(random);
      int to = w.from + w.length;
      boolean expectedKey = Reference.indexOf(w.bytes, w.from, to, "\"event_simpleName\"") >= 0;
      boolean expectedMarker = Reference.anyMarker(w.bytes, w.from, to);
      assertThat(crowdStrike.in(w.bytes, w.from, to)).as("trial %d: %s", t, w).isEqualTo(expectedKey);
      assertThat(WinJsonContainer.anyMarker(w.bytes, w.from, to)).as("trial %d: %s", t, w).isEqualTo(expectedMarker);
      char c = "\n\"<_e".charAt(random.nextInt(5));
      assertThat(ByteScan.indexOf(w.bytes, w.from, to, c)).as("trial %d, %s: %s", t, c, w)
          .isEqualTo(Reference.indexOf(w.bytes, w.from, to, String.valueOf(c)));
      found += expectedKey ? 1 : 0;
      marked += expectedMarker ? 1 : 0;
    }
    assertThat(found).as("not vacuous").isGreaterThan(500).isLessThan(19_500);
    assertThat(marked).as("not vacuous").isGreaterThan(500).isLessThan(19_500);
  }

  /** A line in {@code bytes[from, from + length)}, the rest of the array made of pieces too. */
  @SuppressWarnings("ArrayRecordComponent") // a private hand-over, never compared
  private record Window(byte[] bytes, int from, int length) {
    @Override
    public String toString() {
      return "[" + new String(bytes, StandardCharsets.UTF_8).replace("\n", "\\n") + "] from " + from + " length " + length;
    }
  }

  private static Window window(Random random) {
    byte[] before = pieces(random, random.nextInt(3));
    byte[] line = line(random);
    byte[] after = pieces(random, random.nextInt(4));
    byte[] all = new byte[before.length + line.length + after.length];
    System.arraycopy(before, 0, all, 0, before.length);
    System.arraycopy(line, 0, all, before.length, line.length);
    System.arraycopy(after, 0, all, before.length + line.length, after.length);
    return new Window(all, before.length, line.length);
  }

  private static byte[] line(Random random) {
    byte[] b = switch (random.nextInt(5)) {
      case 0 -> FDR.getBytes(StandardCharsets.UTF_8);
      case 1 -> HEC.getBytes(StandardCharsets.UTF_8);
      case 2 -> EXPORT.getBytes(StandardCharsets.UTF_8);
      default -> ("{" + new String(pieces(random, random.nextInt(40)), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    };
    if (random.nextInt(3) == 0) {
      b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1)); // cut anywhere, in a key or a word
    }
    for (int k = random.nextInt(3); k > 0 && b.length > 0; k--) {
      b[random.nextInt(b.length)] = (byte) "\"e_: {<".charAt(random.nextInt(7));
    }
    return b;
  }

  private static byte[] pieces(Random random, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append(PIECES.get(random.nextInt(PIECES.size())));
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The searches as they were before {@link ByteScan}: byte by byte. */
  private static final class Reference {
    private static final List<String> MARKERS =
        List.of("\"Event\"", "\"winlog\"", "\"EventID\"", "\"ecs\"", "\"@metadata\"", "\"SourceName\"", "\"EventSourceName\"");

    static boolean anyMarker(byte[] b, int from, int to) {
      return MARKERS.stream().anyMatch(m -> indexOf(b, from, to, m) >= 0);
    }

    static int indexOf(byte[] b, int from, int to, String needle) {
      outer:
      for (int i = from; i + needle.length() <= to; i++) {
        for (int k = 0; k < needle.length(); k++) {
          if (b[i + k] != needle.charAt(k)) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    /**
     * WrappedXml's documented rule as a regular expression over the bytes (one char each): after
     * an optional BOM and white space a brace, then anywhere after it a quoted _raw or event key,
     * white space, a colon, white space and a string starting with an XML Event start.
     */
    private static final Pattern WRAPPED = Pattern.compile(
        "^(?:\u00EF\u00BB\u00BF)?[ \t\r\n]*\\{[\\s\\S]*?\"(?:_raw|event)\"[ \t\r\n]*:[ \t\r\n]*"
            + "\"(?:<Event|\\\\u003[cC]Event)");

    static boolean wrappedXml(byte[] line, int offset, int length) {
      return WRAPPED.matcher(new String(line, offset, length, StandardCharsets.ISO_8859_1)).find();
    }
  }
}
