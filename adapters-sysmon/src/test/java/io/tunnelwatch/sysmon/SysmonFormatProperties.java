package io.tunnelwatch.sysmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.tck.Corruption;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class SysmonFormatProperties {
  private static final int ROUNDS_PER_EVENT = 20;

  @Test
  void corruptedCorpusEvent_isAnEventASkipOrARejection_neverAThrow() throws IOException {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> corpus = Stream.of("sysmon_eventid_1.example_log.xml", "sysmon_eid1.splunk.xml", "sysmon_eid1.pyevtx.xml")
        .flatMap(f -> SysmonFormatTest.lines(f).stream()).toList();
    LineParser parser = new SysmonFormat().newParser();
    EventReader reader = EventReader.builder().addFormat(new SysmonFormat()).build();
    for (String line : corpus) {
      byte[] original = line.getBytes(StandardCharsets.UTF_8);
      for (int round = 0; round < ROUNDS_PER_EVENT; round++) {
        byte[] bad = Corruption.apply(original, random);
        LineOutcome o;
        try {
          o = parser.parse(bad, 0, bad.length, new EventOrigin("sysmon", "property", 1));
        } catch (RuntimeException e) {
          throw new AssertionError("the parser threw (seed " + seed + ")", e);
        }
        assertThat(o).as("seed " + seed).isNotNull();
        // Through the reader, with a good line after it: that line is still read.
        byte[] both = new byte[bad.length + original.length + 2];
        System.arraycopy(bad, 0, both, 0, bad.length);
        both[bad.length] = '\n';
        System.arraycopy(original, 0, both, bad.length + 1, original.length);
        both[both.length - 1] = '\n';
        ReadSummary s = reader.read(new ByteArrayInputStream(both), "property", e -> { });
        assertThat(s.events()).as("seed " + seed).isGreaterThanOrEqualTo(1);
        assertThat(s.lines()).as("seed " + seed).isBetween(2L, 2L + count(bad, (byte) '\n'));
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
}
