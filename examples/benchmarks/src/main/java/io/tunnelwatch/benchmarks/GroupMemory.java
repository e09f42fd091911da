// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Heap per result group: reads generated lines that all match (so nearly every event is a group of
 * its own: fresh process GUIDs and ids) through the real adapter, and compares the live heap after
 * a full GC before and after. Not a timed test: run it as a program,
 * {@code java -cp benchmarks.jar io.tunnelwatch.benchmarks.GroupMemory sysmon 100000}.
 */
public final class GroupMemory {
  private GroupMemory() {}

  /**
   * Prints bytes per group for {@code kind} and {@code events}.
   *
   * @throws IOException never (the input is generated)
   */
  public static void main(String[] args) throws IOException {
    CorpusGenerator.Kind kind = CorpusGenerator.Kind.parse(args.length > 0 ? args[0] : "sysmon");
    long events = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
    CorpusGenerator g = new CorpusGenerator(kind, 42, 1.0);
    EventReader reader = EventReader.builder().addFormat(Formats.forLine(new CorpusGenerator(kind, 7, 0).next())).build();
    // every group in memory, whatever the heap: this measures them
    BatchDetection batch = Detection.builder().aggregationBudget(Long.MAX_VALUE).build().batch();
    try {
      long before = liveHeap();
      // Lines average under 2.5 KB, so this many bytes hold at least the requested events.
      ReadSummary s = reader.read(new GeneratedInput(g, events * 2500), "generated", batch::accept);
      long after = liveHeap();
      int groups = batch.aggregate().size();
      System.out.printf(Locale.ROOT, "%s: %d lines, %d events, %d groups, %.0f bytes of heap per group%n",
          kind, s.lines(), s.events(), groups, (after - before) / (double) groups);
    } finally {
      Reference.reachabilityFence(batch);
    }
  }

  private static long liveHeap() {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return m.getHeapMemoryUsage().getUsed();
  }
}
