// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tunnelwatch.winevent.internal.evtx.EvtxCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each renderer against the real examples of its form ({@code shared/corpus/json-shapes} and
 * {@code otrf/*.jsonl}): a corpus event of the same kind, rendered, has the example's key paths
 * and, path by path, the same kinds of value ({@link Shape}). The corpus event is the first whose
 * EventData names are those of the example (Sysmon schema versions differ in OriginalFileName and
 * ParentUser); the exceptions are listed with their reason at each comparison.
 */
final class JsonFormsShapeTest {
  private static final ZoneId LOCAL = ZoneId.of("America/New_York");
  private static List<SourceEvent> sysmon = List.of();
  private static List<SourceEvent> security = List.of();

  /** Reads the events once; each test skips by itself where the corpus is absent. */
  @BeforeAll
  static void readCorpus() {
    Path found = EvtxCorpus.root();
    if (found != null && Files.isDirectory(found.resolve("json-shapes"))) {
      sysmon = Corpus.sysmon(found);
      security = Corpus.security4688(found);
    }
  }

  /** The first Sysmon event with OriginalFileName and without ParentUser: the examples' schema. */
  private static SourceEvent sysmonLikeExamples() {
    return first(sysmon, e -> e.event().data("OriginalFileName") != null && e.event().data("ParentUser") == null);
  }

  /** The first 4688 of version 2 with all 15 fields (ParentProcessName, MandatoryLabel). */
  private static SourceEvent security15Fields() {
    return first(security, e -> e.event().data("MandatoryLabel") != null);
  }

  private static SourceEvent first(List<SourceEvent> events, Predicate<SourceEvent> which) {
    Corpus.requireRoot();
    return events.stream().filter(which).findFirst().orElseThrow();
  }

  private static JsonNode example(String name) {
    return Corpus.json(Corpus.requireRoot().resolve("json-shapes").resolve(name)).get(0);
  }

  @Test
  void evtxDump_hasTheShapeOfTheSigmaRegressionExample() {
    SourceEvent e = first(sysmon, s -> s.event().data("ParentUser") != null);
    Shape.assertMatches("evtx_dump", example("evtxdump_sysmon1.jsonl"),
        Corpus.tree(JsonForms.evtxDump(e, EvtxDumpStyle.PLAIN)), Map.of(), Map.of());
  }

  private static final String API_REASON = "Winlogbeat sets it; the golden files' input has none";

  /** Keys Winlogbeat 8 writes ({@code eventlog.go} {@code ToEvent}) that the golden files' input lacks. */
  private static final Map<String, String> NOT_IN_GOLDEN_INPUT = Map.of(
      "event.created", "Winlogbeat sets it when it reads the event; the golden files' input leaves out"
          + " what changes from run to run",
      "winlog.api", API_REASON);

  @Test
  void ecsIngested_hasTheShapeOfTheBeatsGoldenFile_forSysmon() {
    Map<String, String> notInReal = new HashMap<>(NOT_IN_GOLDEN_INPUT);
    notInReal.put("process.hash.md5", "a key per algorithm in Hashes: the golden event hashed SHA1 only,"
        + " the corpus events SHA1, MD5, SHA256 and IMPHASH");
    notInReal.put("process.hash.sha256", "as process.hash.md5");
    notInReal.put("process.pe.imphash", "as process.hash.md5");
    Shape.assertMatches("ECS ingested Sysmon", example("ecs_winlogbeat_ingest_sysmon1.json"),
        Corpus.tree(JsonForms.ecsIngested(sysmonLikeExamples())), Map.of(), notInReal);
  }

  @Test
  void ecsIngested_hasTheShapeOfTheBeatsGoldenFile_for4688() {
    Shape.assertMatches("ECS ingested 4688", example("ecs_winlogbeat_ingest_4688.json"),
        Corpus.tree(JsonForms.ecsIngested(security15Fields())), Map.of(), NOT_IN_GOLDEN_INPUT);
  }

  @Test
  void ecsIngestedWithOriginal_addsTheXml_only() {
    SourceEvent e = security15Fields();
    JsonNode with = Corpus.tree(JsonForms.ecsIngestedWithOriginal(e));
    assertThat(with.at("/event/original").textValue()).isEqualTo(e.xml());
    Shape.assertMatches("include_xml", Corpus.tree(JsonForms.ecsIngested(e)), with,
        Map.of(), Map.of("event.original", "include_xml: true"));
  }

  /**
   * No real example of Winlogbeat's own output is in the corpus: the rendering is {@link
   * JsonForms#ecsRaw}'s, checked above, with only the Beats codec's {@code @metadata} and the
   * {@code agent} added, {@code @metadata} second as the codec writes it.
   */
  @Test
  void ecsRawWithMetadata_addsTheBeatsMetadataAndAgent_only() {
    for (SourceEvent e : List.of(sysmonLikeExamples(), security15Fields())) {
      JsonNode with = Corpus.tree(JsonForms.ecsRawWithMetadata(e));
      Shape.assertMatches("Beats metadata", Corpus.tree(JsonForms.ecsRaw(e)), with, Map.of(), Map.of(
          "@metadata", "the Beats JSON codec writes it in every output but Elasticsearch's",
          "agent", "the Beat adds it to every event; the golden files' input has none"));
      assertThat(with.fieldNames()).toIterable().startsWith("@timestamp", "@metadata");
      assertThat(with.get("@metadata"))
          .isEqualTo(Corpus.tree("{\"beat\":\"winlogbeat\",\"type\":\"_doc\",\"version\":\"8.17.0\"}"));
      assertThat(with.at("/agent/name").textValue()).isEqualTo(e.event().computer());
    }
  }

  @Test
  void ecsRaw_hasTheWinlogKeysOfTheGoldenFiles_andNoProcess() {
    for (SourceEvent e : List.of(sysmonLikeExamples(), security15Fields())) {
      boolean isSysmon = Values.isSysmon(e.event());
      JsonNode golden = example(isSysmon ? "ecs_winlogbeat_ingest_sysmon1.json" : "ecs_winlogbeat_ingest_4688.json");
      JsonNode raw = Corpus.tree(JsonForms.ecsRaw(e));
      assertThat(raw.has("process")).isFalse();
      Map<String, String> pipelineOnly = isSysmon ? Map.of() : Map.of("logon", "the security pipeline copies SubjectLogonId");
      Shape.assertMatches("ECS raw winlog", withoutEventData(golden.get("winlog")),
          withoutEventData(raw.get("winlog")), pipelineOnly,
          Map.of("api", API_REASON));
      // Every EventData value, as a string, under winlog.event_data.
      for (int i = 0; i < e.event().dataCount(); i++) {
        assertThat(raw.at("/winlog/event_data").get(e.event().dataName(i)).textValue())
            .isEqualTo(e.event().dataValue(i));
      }
      assertThat(raw.at("/winlog/record_id").isIntegralNumber()).as("Winlogbeat's uint64").isTrue();
      assertThat(Shape.style(raw.get("@timestamp").textValue())).isEqualTo("time T.3Z");
    }
  }

  private static JsonNode withoutEventData(JsonNode winlog) {
    JsonNode copy = winlog.deepCopy();
    ((ObjectNode) copy).remove("event_data");
    // record_id is Winlogbeat's number before the pipelines convert it to a string.
    ((ObjectNode) copy).remove("record_id");
    return copy;
  }

  @Test
  void nxlogClassic_hasTheShapeOfTheAttackRangeExample() {
    Shape.assertMatches("NXLog", example("nxlog_sysmon1.jsonl"),
        Corpus.tree(JsonForms.nxlog(sysmonLikeExamples(), LOCAL, NxlogVariant.CLASSIC)), Map.of(), Map.of());
  }

  @Test
  void nxlogLogstash_hasTheShapeOfTheMordorExample() {
    Shape.assertMatches("NXLog via Logstash", example("nxlog_via_logstash_4688.jsonl"),
        Corpus.tree(JsonForms.nxlog(security15Fields(), LOCAL, NxlogVariant.LOGSTASH)), Map.of(), Map.of());
  }

  @Test
  void helk_hasTheShapeOfTheOtrfExamples() {
    Shape.assertMatches("HELK Sysmon", example("otrf_helk_flat_sysmon1.jsonl"),
        Corpus.tree(JsonForms.helk(sysmonLikeExamples(), LOCAL)), Map.of(), Map.of());
    Shape.assertMatches("HELK 4688", example("otrf_helk_flat_4688.jsonl"),
        Corpus.tree(JsonForms.helk(security15Fields(), LOCAL)), Map.of(), Map.of());
  }

  @Test
  void sentinel_hasTheShapeOfTheExampleRow() {
    Shape.assertMatches("Sentinel", example("sentinel_securityevent_4688_row.json"),
        Corpus.tree(JsonForms.sentinel(security15Fields())), Map.of(), Map.of(
            "TimeGenerated", "every Log Analytics table has it (SecurityEvent table reference);"
                + " the walkthrough's row leaves it out",
            "TargetUserName", "SecurityEvent has these columns; the walkthrough's row fills only some"
                + " of the EventData columns, all of them stay in its EventData XML",
            "TargetDomainName", "as TargetUserName",
            "TargetLogonId", "as TargetUserName"));
  }

  /**
   * Every line of {@code otrf/*.jsonl} against the renderer of its kind: lines with
   * {@code SourceModuleType} are NXLog through Logstash, lines with {@code @timestamp} HELK
   * timestamped, the others HELK untimestamped.
   */
  @Test
  void otrfLines_eachHaveTheShapeOfTheirRenderer() {
    Path otrf = Corpus.requireRoot().resolve("otrf");
    Set<String> variantsSeen = new HashSet<>();
    int lines = 0;
    for (String file : List.of("otrf_sysmon_eid1.jsonl", "otrf_security_4688.jsonl")) {
      List<JsonNode> real = Corpus.json(otrf.resolve(file));
      for (int i = 0; i < real.size(); i++) {
        JsonNode line = real.get(i);
        boolean isSysmon = line.get("EventID").asInt() == 1;
        SourceEvent e = isSysmon ? sysmonLikeExamples() : security15Fields();
        String what = file + " line " + (i + 1);
        if (line.has("SourceModuleType")) {
          variantsSeen.add("nxlog");
          Map<String, String> notRendered = !isSysmon ? Map.of() : Map.of("RuleName", "NXLog leaves empty"
              + " values out, and the corpus events of the examples' schema have an empty RuleName where"
              + " these hosts wrote -");
          Shape.assertMatches(what, line, Corpus.tree(JsonForms.nxlog(e, LOCAL, NxlogVariant.LOGSTASH)),
              notRendered, Map.of());
        } else {
          HelkVariant v = line.has("@timestamp") ? HelkVariant.TIMESTAMPED : HelkVariant.UNTIMESTAMPED;
          variantsSeen.add(v.name());
          Shape.assertMatches(what, line, Corpus.tree(JsonForms.helk(e, LOCAL, v)), Map.of(), Map.of());
        }
        lines++;
      }
    }
    assertThat(lines).isEqualTo(73);
    assertThat(variantsSeen).containsExactlyInAnyOrder("nxlog", "TIMESTAMPED", "UNTIMESTAMPED");
  }
}
