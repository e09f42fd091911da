// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.tck.conformance.ConformanceCase;
import io.tunnelwatch.core.tck.conformance.DetectionConformanceKit;
import io.tunnelwatch.core.tck.conformance.EngineOutput;
import java.time.Instant;

/**
 * The topology under {@link org.apache.kafka.streams.TopologyTestDriver} reproduces the shared
 * cases: each event is sent as a raw line, each advance of time as a non-matching event at that
 * time (as any record of a busy input would carry it).
 */
final class DetectionTopologyConformanceTest extends DetectionConformanceKit {
  @Override
  protected EngineOutput run(ConformanceCase c) {
    DetectionTopology t = TopologyRun.builder(c.detection()).addFormat(new CaseLineFormat()).build();
    try (TopologyRun run = new TopologyRun(t)) {
      for (ConformanceCase.Step s : c.steps()) {
        ProcessEvent e = s instanceof ConformanceCase.Step.Arrive a ? a.event() : nonMatching(s.time());
        run.send(CaseLineFormat.line(e));
      }
      assertThat(run.deadLetters.isEmpty()).as("no dead letters").isTrue();
      return run.output();
    }
  }

  private static ProcessEvent nonMatching(Instant time) {
    return ProcessEvent.builder(time, new EventOrigin("tw-case", "advance", 0))
        .set(Field.PROCESS, "notepad.exe")
        .set(Field.PROCESS_NAME, "notepad.exe")
        .set(Field.ORIGINAL_FILE_NAME, "NOTEPAD.EXE")
        .set(Field.DEST, "WS-99")
        .build();
  }
}
