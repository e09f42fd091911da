// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck.conformance;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.Suppression;
import io.tunnelwatch.core.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The batch API, one run per window over {@code [start, end)} after all input arrived, as Splunk
 * would search each window if every event were indexed in time. It cannot tell late events apart,
 * so it is compared in the merged form.
 */
final class BatchConformanceTest extends DetectionConformanceKit {
  @Override
  protected boolean reportsLateEvents() {
    return false;
  }

  @Override
  protected EngineOutput run(ConformanceCase c) {
    TreeSet<Window> windows = new TreeSet<>();
    c.events().forEach(e -> windows.add(c.detection().schedule().windowOf(e.time())));
    List<DetectionResult> kept = new ArrayList<>();
    List<Suppression> suppressed = new ArrayList<>();
    List<String> risk = new ArrayList<>();
    for (Window w : windows) {
      BatchDetection batch = c.detection().batch(w.start(), w.end());
      for (ProcessEvent e : c.events()) {
        batch.accept(e);
      }
      DetectionReport report = batch.finish();
      // A batch over explicit bounds has no window; the rows are placed in the one searched.
      report.results().forEach(r -> kept.add(inWindow(r, w)));
      report.suppressed().forEach(s -> suppressed.add(new Suppression(inWindow(s.result(), w), s.filter(), s.reason())));
      risk.addAll(EngineOutput.of(List.of(report)).riskEvents());
    }
    return new EngineOutput(kept, suppressed, risk);
  }

  private static DetectionResult inWindow(DetectionResult r, Window w) {
    return new DetectionResult(r.group(), r.count(), r.firstTime(), r.lastTime(), w, false);
  }
}
