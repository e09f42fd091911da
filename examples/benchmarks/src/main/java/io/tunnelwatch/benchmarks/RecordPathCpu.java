// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import com.sun.management.ThreadMXBean;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.internal.read.TextEncoding;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.RecordContainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The Kafka Streams parsing stage's record path without the driver, in CPU time of this thread (a
 * loaded machine stretches wall-clock time, hardly CPU time): the same
 * {@value ThroughputBenchmark#LINES} generated FDR lines (as {@link TopologyBenchmark} pipes)
 * read four ways, interleaved round after round:
 *
 * <ul>
 *   <li>{@code parse}: the CrowdStrike parser alone, line after line (as {@link AdapterBenchmark});
 *   <li>{@code stream}: one {@link EventReader#read(java.io.InputStream, String, Consumer)} of all
 *       lines, no prefilter: the scan's way, framing and routing included;
 *   <li>{@code record}: one {@link EventReader#read(byte[], String, Consumer)} per line, no
 *       prefilter, as {@code ParseProcessor} reads each Kafka record: the stream's work plus what a
 *       record costs on its own (asking the record containers, gzip and encodings, a summary);
 *   <li>{@code recognise}: what {@code record} does for a line before framing it, alone: asking
 *       each record container of the formats whether it recognises the line, and the check for
 *       UTF-16/32 text without a mark (the difference {@code record − stream} should be close to it).
 * </ul>
 *
 * <p>Prints per line: nanoseconds of thread CPU (median of the rounds) and bytes allocated. Usage:
 * {@code java -cp benchmarks.jar io.tunnelwatch.benchmarks.RecordPathCpu [ROUNDS]}.
 */
public final class RecordPathCpu {
  private RecordPathCpu() {}

  /**
   * Runs the rounds and prints one line per way.
   *
   * @throws IOException never: the input is in memory
   */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    CorpusGenerator g = new CorpusGenerator(CorpusGenerator.Kind.CROWDSTRIKE, 42, 0.001);
    int n = ThroughputBenchmark.LINES;
    byte[][] lines = new byte[n][];
    for (int i = 0; i < n; i++) {
      lines[i] = g.next().getBytes(StandardCharsets.UTF_8);
    }
    byte[] joined = String.join("\n", Arrays.stream(lines)
        .map(l -> new String(l, StandardCharsets.UTF_8)).toList()).getBytes(StandardCharsets.UTF_8);
    EventReader reader = EventReader.builder().noPrefilter().maxRejections(Integer.MAX_VALUE)
        .addDiscoveredFormats(RecordPathCpu.class.getClassLoader()).build();
    EventFormat fdr = Formats.forLine(new String(lines[0], StandardCharsets.UTF_8));
    LineParser parser = fdr.newParser(reader.formats());
    EventOrigin origin = new EventOrigin(fdr.id(), "bench", 1);
    List<ProcessEvent> events = new ArrayList<>();
    Consumer<ProcessEvent> sink = events::add;
    Map<String, RecordContainer> byId = new LinkedHashMap<>(); // as the reader asks them: one per id
    for (EventFormat f : reader.formats()) {
      for (RecordContainer c : f.containers()) {
        byId.putIfAbsent(c.id(), c);
      }
    }
    List<RecordContainer> containers = List.copyOf(byId.values());
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    String[] ways = {"parse", "stream", "record", "recognise"};
    long[][] cpu = new long[ways.length][rounds];
    long[] allocated = new long[ways.length];
    long sinkCount = 0;
    for (int warm = 0; warm < 2; warm++) {
      for (int r = 0; r < rounds; r++) {
        for (int w = 0; w < ways.length; w++) {
          events.clear();
          long t0 = threads.getCurrentThreadCpuTime();
          long a0 = threads.getCurrentThreadAllocatedBytes();
          switch (ways[w]) {
            case "parse" -> {
              for (byte[] l : lines) {
                sinkCount += parser.parse(l, 0, l.length, origin).hashCode() & 1;
              }
            }
            case "stream" -> sinkCount += reader.read(new ByteArrayInputStream(joined), "bench", sink).events();
            case "record" -> {
              for (byte[] l : lines) {
                sinkCount += reader.read(l, "bench", sink).events();
              }
            }
            default -> {
              for (byte[] l : lines) {
                int head = Math.min(l.length, RecordContainer.HEAD_BYTES);
                for (RecordContainer c : containers) {
                  sinkCount += c.recognises(l, head) ? 1 : 0;
                }
                sinkCount += TextEncoding.byZeros(l, head) == null ? 0 : 1;
              }
            }
          }
          if (warm == 1) {
            cpu[w][r] = threads.getCurrentThreadCpuTime() - t0;
            allocated[w] += threads.getCurrentThreadAllocatedBytes() - a0;
          }
        }
      }
    }
    for (int w = 0; w < ways.length; w++) {
      long[] c = cpu[w].clone();
      Arrays.sort(c);
      System.out.printf(Locale.ROOT, "%-9s %7.0f ns of thread CPU per line (median of %d rounds), %6.0f B allocated per line%n",
          ways[w], c[rounds / 2] / (double) n, rounds, allocated[w] / (double) n / rounds);
    }
    System.out.println("(checksum " + sinkCount + ")");
  }
}
