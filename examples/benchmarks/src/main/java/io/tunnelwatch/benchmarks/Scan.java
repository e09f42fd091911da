// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A one-shot scan of a file as a whole process (JVM start included), the library's share of
 * {@code tunnelwatch scan}: discovered adapters, the default detection, a summary with events/s.
 * {@code java -cp benchmarks.jar io.tunnelwatch.benchmarks.Scan FILE [--one-core] [--no-prefilter]
 * [--pool] [--repeat N]}; {@code --pool} gives the reader a fixed pool of (cores - 1) daemon threads
 * instead of its default executor (a new thread per task); with {@code --repeat N} the file is scanned N times in the same JVM, each with a new
 * reader and detection, and each run's time is printed: the first is what a fresh JVM pays, the
 * later ones the steady state.
 */
public final class Scan {
  private Scan() {}

  /**
   * Scans the file and prints the rows found and a summary line, per run.
   *
   * @throws IOException when the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    List<String> options = Arrays.asList(args).subList(1, args.length);
    int repeat = options.contains("--repeat") ? Integer.parseInt(options.get(options.indexOf("--repeat") + 1)) : 1;
    // The reader's default executor starts a thread per task; --pool reuses threads instead. The
    // first .evtx parallel read gave it a task per 64 KiB chunk, which this option exposed.
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), task -> {
      Thread t = new Thread(task, "scan-pool");
      t.setDaemon(true);
      return t;
    });
    for (int run = 1; run <= repeat; run++) {
      long start = System.nanoTime();
      Detection detection = Detection.builder().build();
      EventReader.Builder b = EventReader.builder().addDiscoveredFormats(Scan.class.getClassLoader());
      if (options.contains("--pool")) {
        b.executor(pool);
      }
      // Every core unless --one-core, with or without the prefilter: a line file is read on
      // several threads only with the prefilter, an .evtx file's chunks are decoded on every core.
      EventReader reader = (options.contains("--no-prefilter") ? b.noPrefilter() : b.prefilterFor(detection))
          .parallel(!options.contains("--one-core")).build();
      BatchDetection batch = detection.batch();
      ReadSummary s = reader.read(Path.of(args[0]), batch::accept);
      DetectionReport r = batch.finish();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT,
          "%s%d rows, %d matching events; %d lines and records (%d events, %d skipped of which %d prefiltered, %d rejected)"
              + " in %.2f s: %.0f lines and records/s, %.0f MB/s%n",
          repeat > 1 ? "run " + run + ": " : "", r.results().size(), r.matchedEvents(), s.lines() + s.records(), s.events(),
          s.skipped(), s.prefiltered(), s.rejected(), seconds, (s.lines() + s.records()) / seconds, s.bytes() / seconds / 1e6);
    }
  }
}
