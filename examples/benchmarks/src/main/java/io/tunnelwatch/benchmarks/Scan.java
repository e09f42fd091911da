package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-shot scan of a file as a whole process (JVM start included), the library's share of
 * {@code tunnelwatch scan}: discovered adapters, the default detection, a summary with events/s.
 * {@code java -cp benchmarks.jar io.tunnelwatch.benchmarks.Scan FILE [--one-core|--no-prefilter]}.
 */
public final class Scan {
  private Scan() {}

  /**
   * Scans the file and prints the rows found and a summary line.
   *
   * @throws IOException when the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    Detection detection = Detection.builder().build();
    EventReader.Builder b = EventReader.builder().addDiscoveredFormats(Scan.class.getClassLoader());
    String option = args.length > 1 ? args[1] : "";
    EventReader reader = option.equals("--no-prefilter") ? b.noPrefilter().build()
        : b.prefilter(detection.predicate()).parallel(!option.equals("--one-core")).build();
    BatchDetection batch = detection.batch();
    ReadSummary s = reader.read(Path.of(args[0]), batch::accept);
    DetectionReport r = batch.finish();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT,
        "%d rows, %d matching events; %d lines (%d events, %d skipped of which %d prefiltered, %d rejected) in %.2f s: %.0f lines/s, %.0f MB/s%n",
        r.results().size(), r.matchedEvents(), s.lines(), s.events(), s.skipped(), s.prefiltered(), s.rejected(),
        seconds, s.lines() / seconds, s.bytes() / seconds / 1e6);
  }
}
