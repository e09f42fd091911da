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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter SYSMON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  /** A line sent to a topic. */
  private record Sent(String topic, String line) {}

  private static List<String> resource(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(EndToEndTest.class.getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** {@code xml} with the text of its first element matching {@code element} replaced. */
  private static String setXml(String xml, String element, String value) {
    Matcher m = Pattern.compile("(<" + Pattern.quote(element) + ">)[^<]*(</)").matcher(xml);
    assertThat(m.find()).as("%s in the real event", element).isTrue();
    return xml.substring(0, m.end(1)) + value + xml.substring(m.start(2));
  }

  private static String setData(String xml, String name, String value) {
    return setXml(xml, "Data Name='" + name + "'", value);
  }

  private static String setSystemTime(String xml, Instant time) {
    return xml.replaceFirst("SystemTime='[^']*'", "SystemTime='" + time + "'");
  }

  /** A real Sysmon Event ID 1 event turned into an execution of {@code image} on {@code host}. */
  private static String sysmon(String real, String image, String originalFileName, String host, Instant time) {
    String x = setData(real, "Image", image);
    x = setData(x, "OriginalFileName", originalFileName);
    x = setData(x, "CommandLine", image + " host -p 8080");
    x = setData(x, "UtcTime", SYSMON_TIME.format(time));
    return setXml(setSystemTime(x, time), "Computer", host);
  }

  /** A real Security 4688 event turned into a devtunnel execution on {@code host}. */
  private static String security4688Devtunnel(String real, String host, Instant time) {
    String x = setData(real, "NewProcessName", "C:\\Tools\\devtunnel.exe");
    x = setData(x, "CommandLine", "devtunnel host -p 8080");
    return setXml(setSystemTime(x, time), "Computer", host);
  }

  /** A real FDR ProcessRollup2 event turned into a devtunnel execution on {@code host}. */
  private static String crowdStrikeDevtunnel(String real, String host, Instant time) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(real);
    n.put("ImageFileName", "\\Device\\HarddiskVolume2\\Tools\\devtunnel.exe");
    n.put("CommandLine", "C:\\Tools\\devtunnel.exe host -p 8080 --allow-anonymous");
    n.put("ComputerName", host);
    n.put("timestamp", Long.toString(time.toEpochMilli()));
    return JSON.writeValueAsString(n);
  }

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
