// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.tck.conformance;

import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.StreamingDetection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The in-process streaming API in event-time mode with no out-of-order allowance, as a stream engine keeps time. */
final class StreamingConformanceTest extends DetectionConformanceKit {
  @Override
  protected EngineOutput run(ConformanceCase c) {
    List<DetectionReport> reports = new ArrayList<>();
    StreamingDetection streaming = c.detection().streaming(reports::add).eventTime(Duration.ZERO).build();
    for (ConformanceCase.Step s : c.steps()) {
      if (s instanceof ConformanceCase.Step.Arrive a) {
        streaming.accept(a.event());
      } else {
        streaming.advanceTo(s.time());
      }
    }
    return EngineOutput.of(reports);
  }
}
