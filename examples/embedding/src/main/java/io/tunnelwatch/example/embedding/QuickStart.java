// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.example.embedding;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;

/**
 * The README's quick start: reads log files with the adapters on the class path, runs the detection
 * over all time, prints each result row and its risk event as JSON. The README shows the block
 * between the {@code quickstart} markers verbatim; a test keeps the two equal and runs it.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Scans the files named in {@code args}. */
  public static void main(String[] args) throws IOException {
    // quickstart:begin
    Detection detection = Detection.builder().build();
    EventReader reader = EventReader.builder()
        .addDiscoveredFormats(QuickStart.class.getClassLoader()) // the adapters on the class path
        .prefilterFor(detection) // pass over, unparsed, lines that cannot match
        .build();
    BatchDetection batch = detection.batch();
    for (String file : args) {
      reader.read(Path.of(file), batch::accept); // gzip, .evtx and XML exports are recognised by content
    }
    DetectionReport report = batch.finish();
    report.results().forEach(row -> System.out.println(row.toJson(ZoneOffset.UTC)));
    report.riskEvents().forEach(risk -> System.out.println(risk.toJson(ZoneOffset.UTC)));
    // quickstart:end
  }
}
