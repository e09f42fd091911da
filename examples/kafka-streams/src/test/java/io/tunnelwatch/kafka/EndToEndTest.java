package io.tunnelwatch.kafka;

import static io.tunnelwatch.core.tck.conformance.ConformanceCases.t;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Real log lines, read by the adapters found on the class path, through the topology: the rows are
 * those that the in-process reader and streaming detection give for the same lines, and the
 * devtunnel executions built from real events are found.
 */
final class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> resource(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(EndToEndTest.class.getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** A real FDR ProcessRollup2 event turned into a devtunnel execution on {@code host} at {@code time}. */
  private static String crowdStrikeDevtunnel(String real, String host, Instant time) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(real);
    n.put("ImageFileName", "\\Device\\HarddiskVolume2\\Tools\\devtunnel.exe");
    n.put("CommandLine", "C:\\Tools\\devtunnel.exe host -p 8080 --allow-anonymous");
    n.put("ComputerName", host);
    n.put("timestamp", Long.toString(time.toEpochMilli()));
    return JSON.writeValueAsString(n);
  }

  private static String crowdStrikeAt(String real, Instant time) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(real);
    n.put("timestamp", Long.toString(time.toEpochMilli()));
    return JSON.writeValueAsString(n);
  }

  /** What the library gives in process for the same lines in the same order. */
  private static EngineOutput inProcess(Detection d, List<String> lines, List<Long> rejectedLines) throws IOException {
    List<DetectionReport> reports = new ArrayList<>();
    StreamingDetection streaming = d.streaming(reports::add).eventTime(Duration.ZERO).build();
    EventReader reader = EventReader.builder().addDiscoveredFormats(EndToEndTest.class.getClassLoader()).build();
    byte[] all = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    ReadSummary summary = reader.read(new ByteArrayInputStream(all), "lines", streaming::accept);
    summary.rejections().forEach(r -> rejectedLines.add(r.line()));
    return EngineOutput.of(reports);
  }

  @Test
  void crowdStrikeLines_giveTheInProcessRows_andTheDevtunnelExecutions() throws IOException {
    List<String> real = resource("/crowdstrike/panther_fdr_processrollup2_win.jsonl");
    String sample = real.get(0);
    List<String> lines = new ArrayList<>(real);
    lines.add(crowdStrikeDevtunnel(sample, "WS-CS-01", t("12:55:00.123")));
    lines.add(sample.substring(0, sample.length() / 2)); // truncated: a dead letter
    lines.add(crowdStrikeDevtunnel(sample, "WS-CS-01", t("13:20:00")));
    lines.add(crowdStrikeDevtunnel(sample, "WS-CS-02", t("13:49:59.999")));
    lines.add(crowdStrikeAt(sample, t("14:00:00"))); // not a match: its time closes [12:50, 13:50)
    lines.add(crowdStrikeDevtunnel(sample, "WS-CS-02", t("13:10:00"))); // late
    lines.add(crowdStrikeAt(sample, t("15:00:00")));

    Detection d = Detection.builder().build();
    List<Long> rejected = new ArrayList<>();
    EngineOutput expected = inProcess(d, lines, rejected);
    DetectionTopology topology = TopologyRun.builder(d).build(); // formats discovered on the class path
    assertThat(topology.formats()).extracting(f -> f.id()).contains("crowdstrike-fdr");
    try (TopologyRun run = new TopologyRun(topology)) {
      lines.forEach(run::send);
      EngineOutput kafka = new EngineOutput(run.resultRows(), run.suppressions(), run.risk.readValuesToList());
      assertThat(kafka.canonical()).isEqualTo(expected.canonical());
      assertThat(kafka.riskEvents()).isEqualTo(expected.riskEvents());

      List<CanonicalRow> rows = kafka.canonical();
      assertThat(rows).hasSize(3);
      assertThat(rows).allSatisfy(r -> {
        assertThat(r.group().get(Field.PROCESS_NAME)).isEqualTo("devtunnel.exe");
        assertThat(r.group().get(Field.VENDOR_PRODUCT)).isEqualTo("CrowdStrike FDR");
      });
      assertThat(rows).filteredOn(r -> r.group().get(Field.DEST).equals("WS-CS-01"))
          .singleElement().satisfies(r -> assertThat(r.count()).isEqualTo(2));
      assertThat(rows).filteredOn(CanonicalRow::late)
          .singleElement().satisfies(r -> assertThat(r.group().get(Field.DEST)).isEqualTo("WS-CS-02"));

      List<TestRecord<byte[], byte[]>> dead = run.deadLetters.readRecordsToList();
      assertThat(dead).hasSize(rejected.size());
      TestRecord<byte[], byte[]> truncated = dead.stream()
          .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(lines.get(real.size() + 1)))
          .findFirst().orElseThrow();
      assertThat(header(truncated, "format")).isEqualTo("crowdstrike-fdr");
      assertThat(header(truncated, "offset")).isEqualTo(Integer.toString(real.size() + 1));
      assertThat(header(truncated, "reason")).isNotBlank().doesNotContain("powershell").doesNotContain("EncodedCommand");
    }
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(DetectionTopology.DEAD_LETTER_HEADER_PREFIX + name);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
