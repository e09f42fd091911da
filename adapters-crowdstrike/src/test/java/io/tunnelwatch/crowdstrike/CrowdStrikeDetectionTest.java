// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.GroupKey;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.RiskEvent;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The real FDR events through the detection: no false positive, and the right rows for a real process. */
final class CrowdStrikeDetectionTest {
  private static final String AID_1 = "877761efa8db44d792ddc2redacted";

  /** An AidMaster naming Panther's main agent, then all the corpus events, read by one reader. */
  private static List<ProcessEvent> corpusEvents(int times) {
    List<String> lines = new ArrayList<>();
    lines.add(AgentHostsTest.aidMaster(AID_1, "WKS-0042"));
    for (int i = 0; i < times; i++) {
      lines.addAll(Corpus.all());
    }
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = Corpus.read(Corpus.reader(), "corpus", events, lines.toArray(String[]::new));
    assertThat(s.events()).isEqualTo(17L * times);
    return events;
  }

  @Test
  void defaultPredicate_givesNoRowOnTheRealEvents() {
    DetectionReport report = Detection.builder().build().evaluate(corpusEvents(1));
    assertThat(report.matchedEvents()).isZero();
    assertThat(report.results()).isEmpty();
    assertThat(report.riskEvents()).isEmpty();
  }

  @Test
  void predicateNamingCmdExe_givesTheTwoCmdRows_fieldByField() {
    Detection detection = Detection.builder().predicate(DetectionPredicate.of("cmd.dll", "CMD.EXE")).build();
    DetectionReport report = detection.evaluate(corpusEvents(1));
    assertThat(report.results()).extracting(r -> r.toRow(ZoneOffset.UTC)).containsExactly(
        cmdRow("/usr/bin/somebinary --b64=\"aGVsbG8taXMtaXQtbWUteW91cmUtbG9va2luZy1mb3IK\""),
        cmdRow("/usr/bin/somebinary --b64=aGVsbG8taXMtaXQtbWUteW91cmUtbG9va2luZy1mb3=="));
    assertThat(report.riskEvents()).first().satisfies(r -> {
      assertThat(r.riskObject()).isEqualTo("WKS-0042");
      assertThat(r.threatObject()).isEqualTo("pwsh.exe");
      assertThat(r.riskMessage()).isEqualTo("Potential Devtunnels execution observed on WKS-0042 via "
          + "/usr/bin/somebinary --b64=\"aGVsbG8taXMtaXQtbWUteW91cmUtbG9va2luZy1mb3IK\".");
      assertThat(r.riskScore()).isEqualTo(RiskEvent.SCORE);
    });
  }

  /** A cmd.exe row of Panther's lines 10 and 11: they differ only in their command line. */
  private static Map<String, Object> cmdRow(String process) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("process", process);
    row.put("vendor_product", "CrowdStrike FDR");
    row.put("user_id", "S-1-5-21-239183934-720705223-383019856-500");
    row.put("process_hash", "840e1f9dc5a29bebf01626822d7390251e9cf05bb3560ba7b68bdb8a41cf08e3");
    row.put("parent_process_name", "pwsh.exe");
    row.put("parent_process_exec", "pwsh.exe");
    row.put("action", "allowed");
    row.put("dest", "WKS-0042");
    row.put("process_current_directory", "null");
    row.put("process_path", "\\Device\\HarddiskVolume2\\Windows\\System32\\cmd.exe");
    row.put("process_integrity_level", "high");
    row.put("original_file_name", "unknown");
    row.put("parent_process", "unknown");
    row.put("parent_process_path", "null");
    row.put("parent_process_guid", "null");
    row.put("parent_process_id", "4370948876");
    row.put("process_guid", "null");
    row.put("process_id", "3120");
    row.put("user", "S-1-5-21-239183934-720705223-383019856-500");
    row.put("process_name", "cmd.exe");
    row.put("count", 1L);
    row.put("firstTime", "2023-04-24T20:33:36");
    row.put("lastTime", "2023-04-24T20:33:36");
    return row;
  }

  @Test
  void predicateNamingPowershellExe_givesOneRowPerDistinctPowershellEvent_countingRepeats() {
    List<ProcessEvent> events = corpusEvents(2);
    Detection detection = Detection.builder().predicate(DetectionPredicate.of("powershell.dll", "powershell.exe")).build();
    DetectionReport report = detection.evaluate(events);
    // Panther's lines 1-9 and 13-16 (ImageFileName powershell.exe) and security_content's event,
    // which is line 19 of Corpus.all() and line 20 of the input (after the AidMaster).
    Set<Long> powershellLines = Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 13L, 14L, 15L, 16L, 19L);
    Set<GroupKey> expected = events.stream()
        .filter(e -> e.origin().line() <= 20 && powershellLines.contains(e.origin().line() - 1))
        .map(ProcessEvent::groupKey)
        .collect(Collectors.toSet());
    assertThat(expected).hasSize(14);
    assertThat(report.results()).extracting(DetectionResult::group).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(report.results()).allSatisfy(r -> assertThat(r.count()).isEqualTo(2));
    assertThat(report.matchedEvents()).isEqualTo(28);
  }

  @Test
  void aRealEventRenamedToDevtunnel_isFoundByTheDefaultPredicate_evenWithoutExeInTheCommandLine() {
    String devtunnel = Corpus.panther(15)
        .replace("WindowsPowerShell\\\\v1.0\\\\powershell.exe", "devtunnel.exe")
        .replace("powershell.exe  -Command start 'dcu.centennial: Create NewUpdatesReadyToApply'", "devtunnel host -p 8080");
    List<ProcessEvent> events = new ArrayList<>();
    Corpus.read(EventReader.builder().noPrefilter().addFormat(new CrowdStrikeFormat()).build(), "t", events,
        Stream.concat(Corpus.all().stream(), Stream.of(devtunnel)).toArray(String[]::new));
    DetectionReport report = Detection.builder().build().evaluate(events);
    assertThat(report.results()).singleElement().satisfies(r -> {
      assertThat(r.toRow()).containsEntry("process_name", "devtunnel.exe")
          .containsEntry("process", "devtunnel host -p 8080")
          .containsEntry("process_path", "\\Device\\HarddiskVolume3\\Windows\\System32\\devtunnel.exe")
          .containsEntry("dest", "unknown")
          .containsEntry("count", 1L);
    });
  }
}
