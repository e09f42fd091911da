// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.benchmarks.CorpusGenerator.Kind;
import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JSON kinds hold the values the real examples of each tool show, and read back as process events. */
final class WinJsonLinesTest {
  private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern BRACED_UPPER = Pattern.compile("\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}}");
  private static final Pattern BRACED_LOWER = Pattern.compile("\\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}");
  private static final Pattern BRACELESS = Pattern.compile("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");

  private static List<JsonNode> objects(Kind kind) throws IOException {
    CorpusGenerator g = new CorpusGenerator(kind, 3, 0.05);
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      JsonNode n = STRICT.readTree(g.next());
      assertThat(n.isObject()).as(kind.id()).isTrue();
      out.add(n);
    }
    return out;
  }

  private static boolean sysmon1(JsonNode n, String provider, String eventId) {
    return n.at(provider).asText().equals("Microsoft-Windows-Sysmon") && n.at(eventId).asText().equals("1");
  }

  @Test
  void evtxDump_numbersAndBracelessGuids_asTheRustCrateWritesThem() throws IOException {
    int sysmon = 0;
    for (JsonNode n : objects(Kind.EVTX_DUMP)) {
      JsonNode system = n.at("/Event/System");
      assertThat(system.get("EventID").isNumber()).isTrue();
      assertThat(system.get("EventRecordID").isNumber()).isTrue();
      assertThat(system.at("/Execution/#attributes/ProcessID").isNumber()).isTrue();
      assertThat(system.at("/TimeCreated/#attributes/SystemTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
      assertThat(system.at("/Provider/#attributes/Guid").asText()).matches(BRACELESS);
      if (sysmon1(n, "/Event/System/Provider/#attributes/Name", "/Event/System/EventID")) {
        sysmon++;
        JsonNode data = n.at("/Event/EventData");
        assertThat(data.get("ProcessId").isNumber()).isTrue();
        assertThat(data.get("ParentProcessId").isNumber()).isTrue();
        assertThat(data.get("ProcessGuid").asText()).matches(BRACELESS);
        assertThat(data.get("UtcTime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(system.at("/Security/#attributes/UserID").asText()).isEqualTo("S-1-5-18");
      }
    }
    assertThat(sysmon).isGreaterThan(300);
  }

  @Test
  void ecs_ingested_movesTheProcessToEcsFields_withALongMessage() throws IOException {
    long messages = 0;
    int creations = 0;
    for (JsonNode n : objects(Kind.ECS)) {
      assertThat(n.at("/winlog/event_id").isTextual()).isTrue();
      assertThat(n.at("/winlog/record_id").isTextual()).isTrue();
      assertThat(n.at("/winlog/version").isNumber()).isTrue();
      if (n.at("/event/category/0").asText().equals("process")) {
        creations++;
        messages += n.get("message").asText().length();
        assertThat(n.at("/process/pid").isNumber()).isTrue();
        assertThat(n.at("/winlog/event_data/NewProcessName").isMissingNode()).isTrue();
        assertThat(n.at("/winlog/event_data/Image").isMissingNode()).isTrue();
      }
      if (sysmon1(n, "/winlog/provider_name", "/winlog/event_id")) {
        assertThat(n.at("/process/entity_id").asText()).matches(BRACED_UPPER);
        assertThat(n.at("/process/hash/sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(n.at("/winlog/event_data/Hashes").isMissingNode()).isTrue();
        assertThat(n.at("/winlog/event_data/UtcTime").isMissingNode()).isTrue();
      }
    }
    // Sysmon's rendered messages average ~1.0 KB here, 4688's (with the token elevation text) ~1.7 KB
    assertThat(messages / creations).isBetween(1000L, 2500L);
  }

  @Test
  void ecs_raw_keepsEveryEventDataValueAsAString() throws IOException {
    for (JsonNode n : objects(Kind.ECS_RAW)) {
      assertThat(n.has("process")).isFalse();
      assertThat(n.at("/winlog/event_data").isObject()).isTrue();
      for (Iterator<JsonNode> it = n.at("/winlog/event_data").elements(); it.hasNext(); ) {
        assertThat(it.next().isTextual()).isTrue();
      }
    }
  }

  @Test
  void nxlog_writesItsOwnProcessId_overSysmons_andLocalTimesWithoutZone() throws IOException {
    for (JsonNode n : objects(Kind.NXLOG)) {
      assertThat(n.get("Keywords").isIntegralNumber()).isTrue();
      assertThat(n.get("EventID").isNumber()).isTrue();
      assertThat(n.get("ProcessID").isNumber()).isTrue();
      assertThat(n.has("ProcessId")).isFalse();
      assertThat(n.get("EventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
      assertThat(n.get("SourceModuleType").asText()).isEqualTo("im_msvistalog");
    }
  }

  @Test
  void helk_stringsButEventId_lowerCaseGuids_noUserId() throws IOException {
    for (JsonNode n : objects(Kind.HELK)) {
      for (Map.Entry<String, JsonNode> f : n.properties()) {
        assertThat(f.getValue().isTextual()).as(f.getKey()).isEqualTo(!f.getKey().equals("EventID"));
      }
      assertThat(n.has("UserID")).isFalse();
      if (n.has("ProcessGuid")) {
        assertThat(n.get("ProcessGuid").asText()).matches(BRACED_LOWER);
      }
    }
  }

  @Test
  void sentinel_securityRowsOnly_withTheEventDataXml() throws IOException {
    for (JsonNode n : objects(Kind.SENTINEL)) {
      assertThat(n.get("EventSourceName").asText()).isEqualTo("Microsoft-Windows-Security-Auditing");
      assertThat(n.get("EventID").isNumber()).isTrue();
      assertThat(n.get("EventData").asText()).startsWith("<EventData>\n<Data Name='").endsWith("</EventData>\n");
      assertThat(n.get("TimeGenerated").asText()).endsWith("Z");
    }
  }

  @Test
  void everyForm_mixesProvidersAndEventIds() throws IOException {
    for (Kind kind : List.of(Kind.EVTX_DUMP, Kind.NXLOG, Kind.SENTINEL)) {
      Set<String> ids = new TreeSet<>();
      for (JsonNode n : objects(kind)) {
        ids.add(n.has("Event") ? n.at("/Event/System/EventID").asText() : n.get("EventID").asText());
      }
      assertThat(ids).as(kind.id()).contains("4688", "4624", "4672", "4689");
      if (kind != Kind.SENTINEL) {
        assertThat(ids).as(kind.id()).contains("1", "3", "5", "11", "13");
      }
    }
  }

  /** A matching event keeps its host, process and ids through every form. */
  @Test
  void matchingRows_holdTheHostProcessAndIds() throws IOException {
    for (Kind kind : Kind.values()) {
      if (!kind.windowsJson()) {
        continue;
      }
      byte[] bytes = new CorpusGenerator(kind, 5, 0.02).nextLines(2000);
      Detection d = Detection.builder().build();
      BatchDetection batch = d.batch();
      EventReader.builder().addDiscoveredFormats(getClass().getClassLoader()).prefilterFor(d).build()
          .read(new ByteArrayInputStream(bytes), "generated", batch::accept);
      List<DetectionResult> rows = batch.finish().results();
      assertThat(rows).as(kind.id()).hasSizeGreaterThan(10);
      for (DetectionResult r : rows) {
        assertThat(r.get(Field.DEST)).as(kind.id()).matches("(WKS-|LAPTOP-|srv-app-)\\d{4}(\\.corp\\.example\\.com)?");
        assertThat(r.get(Field.PROCESS_NAME).toLowerCase(Locale.ROOT)).as(kind.id()).isIn("devtunnel.exe", "dt-helper.exe");
        assertThat(r.get(Field.PROCESS_ID)).as(kind.id()).matches("\\d+|0x[0-9a-f]+");
        assertThat(r.get(Field.PROCESS)).as(kind.id()).contains(r.get(Field.PROCESS_NAME));
        assertThat(r.get(Field.USER)).as(kind.id()).isNotIn(Field.UNKNOWN, Field.NULL);
      }
    }
  }

  @Test
  void args_splitAsWindowsDoes() {
    assertThat(WinJsonLines.args("\"C:\\Program Files\\a.exe\" -k  x \"\"")).containsExactly("C:\\Program Files\\a.exe", "-k", "x", "");
  }
}
