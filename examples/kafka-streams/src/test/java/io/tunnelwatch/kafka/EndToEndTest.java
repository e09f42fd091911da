// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static io.tunnelwatch.core.tck.conformance.ConformanceCases.t;
import static io.tunnelwatch.kafka.RealLines.crowdStrikeDevtunnel;
import static io.tunnelwatch.kafka.RealLines.resource;
import static io.tunnelwatch.kafka.RealLines.security4688Devtunnel;
import static io.tunnelwatch.kafka.RealLines.sysmon;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.StreamingDetection;
import io.tunnelwatch.core.tck.conformance.CanonicalRow;
import io.tunnelwatch.core.tck.conformance.EngineOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Real log lines of the three formats, read by the adapters found on the class path, through the
 * topology: the rows, risk events and dead letters are those that the in-process reader and
 * streaming detection give for the same lines, and the devtunnel executions made from real events
 * are found.
 */
final class EndToEndTest {
  /** A line sent to a topic. */
  private record Sent(String topic, String line) {}

  /** What the library gives in process for the same lines in the same order. */
  private static EngineOutput inProcess(Detection d, List<Sent> sent, List<Long> rejectedLines) throws IOException {
    List<DetectionReport> reports = new ArrayList<>();
    StreamingDetection streaming = d.streaming(reports::add).eventTime(Duration.ZERO).build();
    // Event time advances with every event, matching or not: the prefilter must stay off.
    EventReader reader = EventReader.builder().noPrefilter().addDiscoveredFormats(EndToEndTest.class.getClassLoader()).build();
    byte[] all = String.join("\n", sent.stream().map(Sent::line).toList()).getBytes(StandardCharsets.UTF_8);
    ReadSummary summary = reader.read(new ByteArrayInputStream(all), "lines", streaming::accept);
    summary.rejections().forEach(r -> rejectedLines.add(r.line()));
    return EngineOutput.of(reports);
  }

  @Test
  void realLinesOfAllThreeFormats_onTwoTopics_giveTheInProcessRows_andTheDevtunnelExecutions() throws IOException {
    String windows = TopologyRun.INPUT;
    String fdr = TopologyRun.OTHER_INPUT;
    List<String> sysmonReal = resource("/sysmon/sysmon_eid1.splunk.xml");
    List<String> securityReal = resource("/winsecurity-4688/security_4688.splunk.xml");
    List<String> fdrReal = resource("/crowdstrike/panther_fdr_processrollup2_win.jsonl");
    String sysmonSample = resource("/sysmon/sysmon_eventid_1.example_log.xml").get(0);
    String securitySample = resource("/winsecurity-4688/windows_event_log_security_4688.example_log.xml").get(0);
    String fdrSample = fdrReal.get(0);

    List<Sent> sent = new ArrayList<>();
    sysmonReal.forEach(l -> sent.add(new Sent(windows, l)));
    securityReal.forEach(l -> sent.add(new Sent(windows, l)));
    fdrReal.forEach(l -> sent.add(new Sent(fdr, l)));
    sent.add(new Sent(windows, sysmon(sysmonSample, "C:\\Tools\\devtunnel.exe", "devtunnel.dll", "WS-SYS-01", t("12:55:00.123"))));
    sent.add(new Sent(fdr, crowdStrikeDevtunnel(fdrSample, "WS-CS-01", t("12:58:00"))));
    sent.add(new Sent(windows, sysmonSample.substring(0, sysmonSample.length() / 2))); // truncated: a dead letter
    sent.add(new Sent(windows, security4688Devtunnel(securitySample, "WS-SEC-01", t("13:05:00.5"))));
    sent.add(new Sent(windows, sysmon(sysmonSample, "C:\\Users\\Public\\svc.exe", "devtunnel.dll", "WS-SYS-02", t("13:20:00"))));
    sent.add(new Sent(windows, sysmon(sysmonSample, "C:\\Tools\\devtunnel.exe", "devtunnel.dll", "WS-SYS-01", t("13:49:59.999"))));
    // Not a match; its time closes [12:50, 13:50).
    sent.add(new Sent(windows, sysmon(sysmonSample, "C:\\Windows\\System32\\cmd.exe", "Cmd.Exe", "WS-SYS-01", t("14:00:00"))));
    sent.add(new Sent(fdr, crowdStrikeDevtunnel(fdrSample, "WS-CS-01", t("13:10:00")))); // late
    sent.add(new Sent(windows, sysmon(sysmonSample, "C:\\Windows\\System32\\cmd.exe", "Cmd.Exe", "WS-SYS-01", t("15:00:00"))));

    Detection d = Detection.builder().build();
    List<Long> rejected = new ArrayList<>();
    EngineOutput expected = inProcess(d, sent, rejected);
    DetectionTopology topology = TopologyRun.builder(d).build(); // formats discovered on the class path
    assertThat(topology.formats()).extracting(f -> f.id())
        .containsExactlyInAnyOrder("sysmon", "winsecurity-4688", "crowdstrike-fdr");
    try (TopologyRun run = new TopologyRun(topology)) {
      sent.forEach(s -> run.send(s.topic(), s.line()));
      EngineOutput kafka = run.output();
      assertThat(kafka.canonical()).isEqualTo(expected.canonical());
      assertThat(kafka.riskEvents()).isEqualTo(expected.riskEvents());

      List<CanonicalRow> rows = kafka.canonical();
      assertThat(rows).extracting(r -> r.group().get(Field.DEST) + " " + r.group().get(Field.VENDOR_PRODUCT)
              + " " + r.group().get(Field.PROCESS_NAME) + " " + r.count() + (r.late() ? " late" : ""))
          .containsExactlyInAnyOrder(
              "WS-SYS-01 Microsoft Sysmon devtunnel.exe 2",
              "WS-SYS-02 Microsoft Sysmon svc.exe 1",
              "WS-SEC-01 Microsoft Windows devtunnel.exe 1",
              "WS-CS-01 CrowdStrike FDR devtunnel.exe 1",
              "WS-CS-01 CrowdStrike FDR devtunnel.exe 1 late");
      assertThat(rows).filteredOn(r -> r.group().get(Field.DEST).equals("WS-SYS-01")).singleElement()
          .satisfies(r -> assertThat(r.firstTime()).isEqualTo(t("12:55:00.123")));

      List<TestRecord<byte[], byte[]>> dead = run.deadLetters.readRecordsToList();
      assertThat(dead).hasSize(rejected.size());
      String truncated = sysmonSample.substring(0, sysmonSample.length() / 2);
      TestRecord<byte[], byte[]> bad = dead.stream()
          .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(truncated))
          .findFirst().orElseThrow();
      assertThat(header(bad, "topic")).isEqualTo(windows);
      assertThat(header(bad, "format")).isEqualTo("sysmon");
      assertThat(header(bad, "reason")).isNotBlank().doesNotContain("reg save").doesNotContain("cmd.exe");
    }
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(DetectionTopology.DEAD_LETTER_HEADER_PREFIX + name);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
