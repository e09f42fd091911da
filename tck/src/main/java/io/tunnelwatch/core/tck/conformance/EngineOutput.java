// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck.conformance;

import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.RiskEvent;
import io.tunnelwatch.core.Suppression;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What an engine emitted for one case, in emission order.
 *
 * @param kept the kept rows, each with its window
 * @param suppressed the suppressed rows, each with its window
 * @param riskEvents the risk events as {@link RiskEvent#toJson} renders them in UTC, one per kept
 *     row and in the same order
 */
public record EngineOutput(List<DetectionResult> kept, List<Suppression> suppressed, List<String> riskEvents) {
  /** Copies the lists. */
  public EngineOutput {
    kept = List.copyOf(kept);
    suppressed = List.copyOf(suppressed);
    riskEvents = List.copyOf(riskEvents);
  }

  /** The output of in-process reports, in the order they were delivered. */
  public static EngineOutput of(List<DetectionReport> reports) {
    List<DetectionResult> kept = new ArrayList<>();
    List<Suppression> suppressed = new ArrayList<>();
    List<String> risk = new ArrayList<>();
    for (DetectionReport r : reports) {
      kept.addAll(r.results());
      suppressed.addAll(r.suppressed());
      r.riskEvents().forEach(e -> risk.add(e.toJson(ZoneOffset.UTC)));
    }
    return new EngineOutput(kept, suppressed, risk);
  }

  /** The canonical rows ({@link CanonicalRow#canonical}). */
  public List<CanonicalRow> canonical() {
    return CanonicalRow.canonical(kept, suppressed);
  }
}
