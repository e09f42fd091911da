// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.kafka;

import static io.tunnelwatch.core.tck.conformance.ConformanceCases.event;
import static io.tunnelwatch.core.tck.conformance.ConformanceCases.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.GroupStats;
import io.tunnelwatch.core.NoEventFormatException;
import io.tunnelwatch.core.RiskEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

final class DetectionTopologyTest {
  private static DetectionTopology topology() {
    return TopologyRun.caseTopology();
  }

  private static String line(String time, String dest) {
    return CaseLineFormat.devtunnelLine(time, dest);
  }

  private static String other(String time) {
    return CaseLineFormat.otherLine(time);
  }

  private static Map<String, String> headers(TestRecord<byte[], byte[]> r) {
    Map<String, String> m = new HashMap<>();
    for (Header h : r.headers()) {
      m.put(h.key().substring(DetectionTopology.DEAD_LETTER_HEADER_PREFIX.length()), new String(h.value(), StandardCharsets.UTF_8));
    }
    return m;
  }

  private static long stored(TopologyRun run, String storeName) {
    KeyValueStore<Bytes, GroupStats> store = run.driver.getKeyValueStore(storeName);
    long n = 0;
    try (KeyValueIterator<Bytes, GroupStats> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, GroupStats> kv = it.next();
        assertThat(kv.value.count()).isPositive();
        n++;
      }
    }
    return n;
  }

  @Test
  void unreadableLine_goesToTheDeadLetters_withReasonAndOrigin_andTheLinesAroundItStillCount() {
    try (TopologyRun run = new TopologyRun(topology())) {
      run.send(line("12:55:00", "WS-01"));
      byte[] bad = "tw-case\tnot-a-time\tsecret-token".getBytes(StandardCharsets.UTF_8);
      run.sendBytes("key-1".getBytes(StandardCharsets.UTF_8), bad);
      run.send("{\"some\": \"json nobody reads\"}");
      run.send(line("13:05:00", "WS-01"));
      run.send(other("14:00:00"));

      List<TestRecord<byte[], byte[]>> dead = run.deadLetters.readRecordsToList();
      assertThat(dead).hasSize(2);
      assertThat(dead.get(0).value()).isEqualTo(bad);
      assertThat(dead.get(0).key()).isEqualTo("key-1".getBytes(StandardCharsets.UTF_8));
      Map<String, String> h = headers(dead.get(0));
      assertThat(h).containsEntry("topic", TopologyRun.INPUT).containsEntry("partition", "0")
          .containsEntry("offset", "1").containsEntry("line", "1").containsEntry("format", "tw-case");
      assertThat(h.get("reason")).isNotBlank().doesNotContain("secret-token");
      Map<String, String> h2 = headers(dead.get(1));
      assertThat(h2).containsEntry("offset", "2").doesNotContainKey("format");
      assertThat(h2.get("reason")).contains("no registered format");

      List<DetectionResult> rows = run.resultRows();
      assertThat(rows).singleElement().satisfies(r -> assertThat(r.count()).isEqualTo(2));
    }
  }

  @Test
  void recordWithoutValue_isADeadLetter() {
    try (TopologyRun run = new TopologyRun(topology())) {
      run.sendBytes("k".getBytes(StandardCharsets.UTF_8), null);
      TestRecord<byte[], byte[]> dead = run.deadLetters.readRecord();
      assertThat(dead.value()).isNull();
      assertThat(headers(dead)).containsEntry("reason", "record has no value");
    }
  }

  @Test
  void gzipRecordCutShort_isADeadLetter_andTheLinesBeforeTheDamageStillCount() throws IOException {
    StringBuilder lines = new StringBuilder(line("12:55:00", "WS-01") + "\n" + other("14:00:00") + "\n");
    java.util.Random rnd = new java.util.Random(7); // incompressible filler, so the cut lands after the two lines
    for (int i = 0; i < 2000; i++) {
      lines.append(CaseLineFormat.line(event("14:00:0" + rnd.nextInt(10), "WS-" + Long.toHexString(rnd.nextLong()), "notepad.exe",
          "NOTEPAD.EXE"))).append('\n');
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] gzip = out.toByteArray();
    try (TopologyRun run = new TopologyRun(topology())) {
      run.sendBytes("k".getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOf(gzip, gzip.length - 100));
      TestRecord<byte[], byte[]> dead = run.deadLetters.readRecord();
      assertThat(dead.value()).hasSize(gzip.length - 100);
      assertThat(headers(dead).get("reason")).startsWith("record is gzip that cannot be unpacked");
      assertThat(run.resultRows()).singleElement().satisfies(r -> assertThat(r.group().get(Field.DEST)).isEqualTo("WS-01"));
    }
  }

  @Test
  void recordOfSeveralLines_readsEachLine_andNamesTheBadOnesLineNumber() {
    try (TopologyRun run = new TopologyRun(topology())) {
      run.send(line("12:55:00", "WS-01") + "\n\ngarbage\n" + line("12:56:00", "WS-02") + "\n" + other("14:00:00"));
      assertThat(headers(run.deadLetters.readRecord())).containsEntry("line", "3");
      assertThat(run.resultRows()).hasSize(2);
    }
  }

  @Test
  void windowState_isDeletedWhenTheWindowIsEmitted_andLateEventsOnlyUntilTheirFlush() {
    try (TopologyRun run = new TopologyRun(topology())) {
      run.send(line("12:55:00", "WS-01"));
      run.send(line("13:10:00", "WS-02"));
      run.send(line("13:55:00", "WS-01"));
      assertThat(stored(run, run.topology.storeName())).isEqualTo(3);
      run.send(other("14:00:00")); // run time of [12:50, 13:50)
      assertThat(stored(run, run.topology.storeName())).isEqualTo(1);
      assertThat(run.resultRows()).hasSize(2);
      run.send(line("13:00:00", "WS-03")); // late
      assertThat(stored(run, run.topology.storeName())).isEqualTo(1);
      assertThat(stored(run, run.topology.lateStoreName())).isEqualTo(1);
      assertThat(run.resultRows()).isEmpty();
      run.flushLate();
      assertThat(stored(run, run.topology.lateStoreName())).isZero();
      assertThat(run.resultRows()).singleElement().satisfies(r -> assertThat(r.late()).isTrue());
      run.send(other("15:00:00"));
      assertThat(stored(run, run.topology.storeName())).isZero();
      assertThat(run.resultRows()).singleElement().satisfies(r -> assertThat(r.late()).isFalse());
    }
  }

  @Test
  void burstOfLateEvents_givesOneLateRowPerGroup_notOnePerEvent() {
    try (TopologyRun run = new TopologyRun(topology())) {
      run.send(line("12:55:00", "WS-01"));
      run.send(other("14:00:00"));
      assertThat(run.resultRows()).hasSize(1);
      for (int i = 0; i < 50; i++) {
        run.send(line("13:" + (10 + i % 30) + ":00", i % 2 == 0 ? "WS-01" : "WS-02"));
      }
      run.flushLate();
      List<DetectionResult> late = run.resultRows();
      assertThat(late).hasSize(2).allSatisfy(r -> {
        assertThat(r.late()).isTrue();
        assertThat(r.count()).isEqualTo(25);
      });
      assertThat(run.risk.readValuesToList()).hasSize(1 + 2);
    }
  }

  @Test
  void changelog_replayedAsACompactedTopic_restoresExactlyTheOpenWindows() {
    try (TopologyRun run = new TopologyRun(topology())) {
      String changelog = "tunnelwatch-test-" + run.topology.storeName() + "-changelog";
      TestOutputTopic<Bytes, GroupStats> log =
          run.driver.createOutputTopic(changelog, new BytesDeserializer(), TunnelwatchSerdes.groupStats().deserializer());
      Map<Bytes, GroupStats> restored = new HashMap<>();
      String[] lines = {
        line("12:55:00", "WS-01"), line("13:10:00", "WS-02"), line("13:20:00", "WS-01"), line("13:55:00", "WS-01"),
        other("14:00:00"), line("13:30:00", "WS-03"), line("14:30:00", "WS-02"), other("15:00:00")};
      for (String l : lines) {
        run.send(l);
        for (TestRecord<Bytes, GroupStats> r : log.readRecordsToList()) {
          if (r.value() == null) {
            restored.remove(r.key());
          } else {
            restored.put(r.key(), r.value());
          }
        }
        assertThat(restored).as("after %s", l).isEqualTo(storeContents(run));
      }
      assertThat(restored).isEmpty();
      assertThat(run.driver.producedTopicNames()).contains(changelog);
    }
  }

  private static Map<Bytes, GroupStats> storeContents(TopologyRun run) {
    KeyValueStore<Bytes, GroupStats> store = run.driver.getKeyValueStore(run.topology.storeName());
    Map<Bytes, GroupStats> m = new HashMap<>();
    try (KeyValueIterator<Bytes, GroupStats> it = store.all()) {
      it.forEachRemaining(kv -> m.put(kv.key, kv.value));
    }
    return m;
  }

  @Test
  void outputRecords_areKeyedByDest_renderTimesInTheZone_andCarryTheirRiskEvent() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    DetectionTopology t = TopologyRun.builder(Detection.builder().build()).addFormat(new CaseLineFormat()).zone(paris).build();
    try (TopologyRun run = new TopologyRun(t)) {
      run.send(line("12:55:00.250", "WS-01"));
      run.send(other("14:00:00"));
      TestRecord<String, String> result = run.results.readRecord();
      TestRecord<String, String> risk = run.risk.readRecord();
      assertThat(result.key()).isEqualTo("WS-01");
      assertThat(risk.key()).isEqualTo("WS-01");
      assertThat(result.timestamp()).isEqualTo(t("14:00:00").toEpochMilli());
      JsonNode n = TopologyRun.tree(result.value());
      assertThat(n.get("firstTime").asText()).isEqualTo("2024-04-23T14:55:00");
      assertThat(n.get("first_time_exact").asText()).isEqualTo("2024-04-23T12:55:00.250Z");
      assertThat(n.get("window_start").asText()).isEqualTo("2024-04-23T12:50:00Z");
      assertThat(n.get("late").asBoolean()).isFalse();
      DetectionResult row = TopologyRun.row(n);
      assertThat(risk.value()).isEqualTo(RiskEvent.from(row).toJson(paris));
      List<String> keys = new ArrayList<>();
      n.fieldNames().forEachRemaining(keys::add);
      assertThat(keys.subList(0, 23)).isEqualTo(new ArrayList<>(row.toRow(ZoneOffset.UTC).keySet()));
    }
  }

  @Test
  void builder_rejectsMissingInputs_clashingTopics_andBadNames() {
    Detection d = Detection.builder().build();
    assertThatThrownBy(() -> DetectionTopology.builder(d).addFormat(new CaseLineFormat()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no input topic");
    assertThatThrownBy(() -> DetectionTopology.builder(d).inputTopics("tunnelwatch-risk").addFormat(new CaseLineFormat()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("both an input and an output");
    assertThatThrownBy(() -> DetectionTopology.builder(d).inputTopics("in").riskTopic("tunnelwatch-results")
            .addFormat(new CaseLineFormat()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("must differ");
    assertThatThrownBy(() -> DetectionTopology.builder(d).inputTopics("bad topic"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input topic").hasMessageContaining("'bad topic'");
    assertThatThrownBy(() -> DetectionTopology.builder(d).partitions(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
  }

  @Test
  void noFormatAddedOrDiscovered_failsAtBuild_sayingHowToFixIt() {
    ClassLoader empty = new ClassLoader(null) {};
    assertThatThrownBy(() -> DetectionTopology.builder(Detection.builder().build()).inputTopics("in").discoverFormats(empty).build())
        .isInstanceOf(NoEventFormatException.class).hasMessageContaining("addFormat");
  }
}
