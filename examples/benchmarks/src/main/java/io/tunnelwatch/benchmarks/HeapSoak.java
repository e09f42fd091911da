// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.StreamingDetection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * The streaming detector's heap over a long input: generated lines (no file) through the real
 * adapter into an event-time {@link StreamingDetection}, every line parsed; prints the live heap
 * after a full GC every {@code every} lines. Run with a small heap:
 * {@code java -Xmx64m -cp benchmarks.jar io.tunnelwatch.benchmarks.HeapSoak crowdstrike 10g}.
 */
public final class HeapSoak {
  private HeapSoak() {}

  /**
   * Reads {@code size} bytes of generated lines of {@code kind}.
   *
   * @throws IOException never (the input is generated)
   */
  public static void main(String[] args) throws IOException {
    CorpusGenerator.Kind kind = CorpusGenerator.Kind.parse(args.length > 0 ? args[0] : "crowdstrike");
    String size = args.length > 1 ? args[1] : "10g";
    long bytes = Long.parseLong(size.substring(0, size.length() - 1)) << (size.endsWith("g") ? 30 : 20);
    long every = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
    long[] reports = new long[1];
    StreamingDetection streaming = Detection.builder().build()
        .streaming(r -> reports[0]++).eventTime(Duration.ofMinutes(10)).build();
    long[] seen = new long[1];
    long start = System.nanoTime();
    EventReader reader = EventReader.builder().noPrefilter()
        .addFormat(Formats.forLine(new CorpusGenerator(kind, 7, 0).next())).build();
    ReadSummary s = reader.read(new GeneratedInput(new CorpusGenerator(kind, 42, 0.001), bytes), "generated", e -> {
      streaming.accept(e);
      if (++seen[0] % every == 0) {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "%,d events, %.1f s: live heap %.1f MB, %d windows held, %d reports%n",
            seen[0], (System.nanoTime() - start) / 1e9, used / 1e6, streaming.windowsHeld(), reports[0]);
      }
    });
    streaming.flush();
    System.out.printf(Locale.ROOT, "done: %,d lines, %,d bytes, %,d reports, %.1f s%n",
        s.lines(), s.bytes(), reports[0], (System.nanoTime() - start) / 1e9);
  }
}
