// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunnelwatch.core.Detection;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Windows events rendered as JSON reach the topology as records of the input topic, one object per
 * record, with the adapters the application discovers: each record is recognised by its own keys
 * (the reader looks at each record's head), and NXLog's local {@code EventTime} is read in the
 * topology's source zone.
 */
final class JsonFormsTopologyTest {
  /** An NXLog im_msvistalog Security 4688 record of a devtunnel start, at local 14:55:10. */
  private static String nxlog4688(String eventTime, String host) {
    return "{\"EventTime\":\"" + eventTime + "\",\"Hostname\":\"" + host + "\",\"EventID\":4688,"
        + "\"SourceName\":\"Microsoft-Windows-Security-Auditing\",\"ProcessID\":4,\"Channel\":\"Security\","
        + "\"SubjectUserName\":\"alice\",\"NewProcessId\":\"0x1f2c\",\"ProcessId\":\"0x2b0\","
        + "\"NewProcessName\":\"C:\\\\Users\\\\alice\\\\devtunnel.exe\",\"CommandLine\":\"devtunnel.exe host -p 8080\","
        + "\"ParentProcessName\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"MandatoryLabel\":\"S-1-16-8192\","
        + "\"TargetUserName\":\"-\",\"SourceModuleType\":\"im_msvistalog\"}";
  }

  /** An ECS (ingested) Sysmon event 1 of another process, to move stream time on. */
  private static String ecsOther(String timestamp) {
    return "{\"@timestamp\":\"" + timestamp + "\",\"ecs\":{\"version\":\"8.17.0\"},\"process\":{\"executable\":"
        + "\"C:\\\\Windows\\\\System32\\\\notepad.exe\",\"pid\":3616,\"command_line\":\"notepad.exe\"},"
        + "\"winlog\":{\"provider_name\":\"Microsoft-Windows-Sysmon\",\"event_id\":\"1\",\"computer_name\":\"ws-02\","
        + "\"event_data\":{\"IntegrityLevel\":\"Medium\"}}}";
  }

  @Test
  void jsonRecords_giveRows_withZonelessTimesReadInTheSourceZone() {
    DetectionTopology t = TopologyRun.builder(Detection.builder().build())
        .discoverFormats(JsonFormsTopologyTest.class.getClassLoader())
        .sourceZone(ZoneId.of("Europe/Paris"))
        .build();
    try (TopologyRun run = new TopologyRun(t)) {
      run.send(nxlog4688("2024-04-23 14:55:10", "WS-01"));
      run.send(ecsOther("2024-04-23T14:00:00.000Z"));
      List<JsonNode> rows = run.results.readValuesToList().stream().map(TopologyRun::tree).toList();
      assertThat(rows).hasSize(1);
      JsonNode row = rows.get(0);
      assertThat(row.get("dest").asText()).isEqualTo("WS-01");
      assertThat(row.get("process_name").asText()).isEqualTo("devtunnel.exe");
      assertThat(row.get("process_id").asText()).isEqualTo("0x1f2c");
      // 14:55:10 in Paris (UTC+2 in April) is 12:55:10 UTC
      assertThat(row.get("first_time_exact").asText()).isEqualTo("2024-04-23T12:55:10Z");
      assertThat(run.deadLetters.isEmpty()).isTrue();
    }
  }
}
