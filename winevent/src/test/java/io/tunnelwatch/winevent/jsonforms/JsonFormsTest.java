// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.tunnelwatch.winevent.WinEvent;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The renderers' contracts on events built here, so that they run without the shared corpus. */
final class JsonFormsTest {
  private static final ZoneId LOCAL = ZoneId.of("Asia/Kolkata");
  private static final String HOSTILE = "a\"b\\c\u0001\n\t<&>'\u2028é\uD83D\uDE00";

  private static WinEvent.Builder sysmon() {
    return WinEvent.builder().provider(Values.SYSMON).eventId("1").version("5")
        .systemTime("2024-04-23T08:48:30.4493768Z").computer("HOST").userId("S-1-5-18")
        .addData("RuleName", "").addData("UtcTime", "2024-04-23 08:48:30.449")
        .addData("ProcessGuid", "{96128EA2-F212-5F7E-E400-000000007F01}").addData("ProcessId", "3412")
        .addData("Image", "C:\\Tools\\devtunnel.exe").addData("LogonId", "0x3e7")
        .addData("ParentProcessGuid", "{00000000-0000-0000-0000-000000000000}");
  }

  private static WinEvent.Builder security() {
    return WinEvent.builder().provider(Values.SECURITY).eventId("4688").version("2")
        .systemTime("2024-04-23T08:48:30.4493768Z").computer("HOST")
        .addData("SubjectUserName", "alice").addData("SubjectLogonId", "0x3e7")
        .addData("NewProcessId", "0xf84").addData("NewProcessName", "C:\\Tools\\devtunnel.exe")
        .addData("ProcessId", "0x5ec").addData("CommandLine", "devtunnel.exe host -p 8080");
  }

  private static final List<Function<SourceEvent, String>> ALL = List.of(
      e -> JsonForms.evtxDump(e, EvtxDumpStyle.PLAIN),
      e -> JsonForms.evtxDump(e, EvtxDumpStyle.HAYABUSA.withQualifiers(16384)),
      JsonForms::ecsRaw,
      JsonForms::ecsRawWithMetadata,
      JsonForms::ecsIngested,
      JsonForms::ecsIngestedWithOriginal,
      e -> JsonForms.nxlog(e, LOCAL, NxlogVariant.CLASSIC),
      e -> JsonForms.nxlog(e, LOCAL, NxlogVariant.LOGSTASH),
      e -> JsonForms.helk(e, LOCAL),
      e -> JsonForms.helk(e, LOCAL, HelkVariant.UNTIMESTAMPED));

  @Test
  void everyForm_writesOneCompactValidObject_withAnyCharacterInAValue() {
    WinEvent e = sysmon().addData("CommandLine", HOSTILE).build();
    SourceEvent s = SourceEvent.of(e);
    for (Function<SourceEvent, String> form : ALL) {
      String json = form.apply(s);
      assertThat(json).doesNotContain("\n").startsWith("{").endsWith("}");
      assertThat(texts(Corpus.tree(json))).as(json).contains(HOSTILE);
    }
    String row = JsonForms.sentinel(SourceEvent.of(security().addData("TargetUserName", HOSTILE).build()));
    JsonNode tree = Corpus.tree(row);
    assertThat(tree.get("TargetUserName").textValue()).isEqualTo(HOSTILE);
    assertThat(tree.get("EventData").textValue())
        .contains("<Data Name='TargetUserName'>a\"b\\c\u0001\n\t&lt;&amp;&gt;'\u2028é\uD83D\uDE00</Data>\n");
  }

  /** Every string value in the tree. */
  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.textValue());
    }
    node.forEach(child -> out.addAll(texts(child)));
    return out;
  }

  @Test
  void escapeAll_escapesTheChosenCharactersInsideStrings_andKeepsTheDocument() {
    String json = JsonForms.ecsRaw(SourceEvent.of(sysmon().addData("CommandLine", HOSTILE).build()));
    String escaped = JsonForms.escapeAll(json, c -> c > 0x7E || c == 'e');
    assertThat(Corpus.tree(escaped)).isEqualTo(Corpus.tree(json));
    assertThat(escaped).contains("\\u0065", "\\ud83d\\ude00", "\\u00e9", "\\u2028")
        .doesNotContain("é").contains("\\\"", "\\u0001");
    // Keys are strings too; text outside strings (here the structure) stays.
    assertThat(escaped).contains("\"\\u0065v\\u0065nt\":{").startsWith("{\"@tim\\u0065stamp\":");
    assertThat(JsonForms.escapeAll(json, c -> false)).isEqualTo(json);
  }

  @Test
  void prettyConcatenated_readsBackAsTheSameObjects_inSerdeStyle() throws IOException {
    List<String> objects = List.of(JsonForms.evtxDump(SourceEvent.of(sysmon().build()), EvtxDumpStyle.PLAIN),
        JsonForms.evtxDump(SourceEvent.of(security().build()), EvtxDumpStyle.PLAIN));
    String file = JsonForms.prettyConcatenated(objects);
    assertThat(file).startsWith("{\n  \"Event\": {\n    \"#attributes\": {\n").contains("\"Correlation\": null,")
        .endsWith("}\n");
    try (MappingIterator<JsonNode> read = Corpus.MAPPER.readerFor(JsonNode.class).readValues(file)) {
      assertThat(read.readAll()).containsExactly(Corpus.tree(objects.get(0)), Corpus.tree(objects.get(1)));
    }
    JsonNode array = Corpus.tree(JsonForms.prettyArray(objects));
    assertThat(array.isArray()).isTrue();
    assertThat(array).containsExactly(Corpus.tree(objects.get(0)), Corpus.tree(objects.get(1)));
  }

  @Test
  void evtxDump_writesTypedValues_asTheEvtxCrateDoes() {
    JsonNode plain = Corpus.tree(JsonForms.evtxDump(SourceEvent.of(sysmon().build()), EvtxDumpStyle.PLAIN));
    assertThat(plain.at("/Event/System/EventID").intValue()).isEqualTo(1);
    assertThat(plain.at("/Event/System/TimeCreated/#attributes/SystemTime").textValue())
        .isEqualTo("2024-04-23T08:48:30.449376Z");
    assertThat(plain.at("/Event/System/Provider/#attributes/Guid").textValue())
        .isEqualTo("5770385F-C22A-43E0-BF4C-06F5698FFBD9");
    assertThat(plain.at("/Event/EventData/ProcessId").isIntegralNumber()).isTrue();
    assertThat(plain.at("/Event/EventData/ProcessGuid").textValue()).isEqualTo("96128EA2-F212-5F7E-E400-000000007F01");
    assertThat(plain.at("/Event/EventData/LogonId").textValue()).isEqualTo("0x3e7");
    assertThat(plain.at("/Event/EventData/RuleName").textValue()).isEmpty();
    assertThat(plain.at("/Event/System/Correlation").isNull()).isTrue();
    JsonNode noUser = Corpus.tree(JsonForms.evtxDump(SourceEvent.of(security().build()), EvtxDumpStyle.PLAIN));
    assertThat(noUser.at("/Event/System/Security").isNull()).isTrue();
    assertThat(noUser.at("/Event/EventData/NewProcessId").textValue()).isEqualTo("0xf84");
  }

  @Test
  void evtxDump_hayabusaStyle_putsAttributesInSiblingKeys() {
    JsonNode h = Corpus.tree(JsonForms.evtxDump(SourceEvent.of(sysmon().build()), EvtxDumpStyle.HAYABUSA));
    assertThat(h.at("/Event_attributes/xmlns").textValue()).startsWith("http://schemas.microsoft.com/");
    assertThat(h.at("/Event/System/Provider_attributes/Name").textValue()).isEqualTo(Values.SYSMON);
    assertThat(h.at("/Event/System/TimeCreated_attributes/SystemTime").isTextual()).isTrue();
    assertThat(h.at("/Event/System/Execution_attributes/ProcessID").isIntegralNumber()).isTrue();
    assertThat(h.at("/Event/System/Security_attributes/UserID").textValue()).isEqualTo("S-1-5-18");
    assertThat(h.at("/Event/System").has("Provider")).isFalse();
    assertThat(h.at("/Event/System").has("TimeCreated")).isFalse();
    assertThat(h.at("/Event").has("#attributes")).isFalse();
  }

  @Test
  void evtxDump_withQualifiers_writesEventIdAsAnObject_andEmptyDataAsNullOnRequest() {
    SourceEvent s = SourceEvent.of(security().addData("TargetUserName", "").build());
    JsonNode q = Corpus.tree(JsonForms.evtxDump(s, EvtxDumpStyle.PLAIN.withQualifiers(0).with(EvtxDumpStyle.EmptyData.NULL)));
    assertThat(q.at("/Event/System/EventID/#attributes/Qualifiers").intValue()).isZero();
    assertThat(q.at("/Event/System/EventID/#text").intValue()).isEqualTo(4688);
    assertThat(q.at("/Event/EventData/TargetUserName").isNull()).isTrue();
    JsonNode h = Corpus.tree(JsonForms.evtxDump(s, EvtxDumpStyle.HAYABUSA.withQualifiers(16384)));
    assertThat(h.at("/Event/System/EventID_attributes/Qualifiers").intValue()).isEqualTo(16384);
    assertThat(h.at("/Event/System/EventID").intValue()).isEqualTo(4688);
    assertThatThrownBy(() -> EvtxDumpStyle.PLAIN.withQualifiers(65536))
        .hasMessage("qualifiers must be 0 to 65535 but was 65536");
  }

  @Test
  void ecsIngested_movesTheProcessFields_andDropsZeroGuids() {
    JsonNode s = Corpus.tree(JsonForms.ecsIngested(SourceEvent.of(sysmon().addData("CommandLine", "\"a b\\\\\" c").build())));
    assertThat(s.at("/process/pid").longValue()).isEqualTo(3412);
    assertThat(s.at("/process/entity_id").textValue()).isEqualTo("{96128EA2-F212-5F7E-E400-000000007F01}");
    assertThat(s.at("/process/parent/entity_id").isMissingNode()).isTrue();
    assertThat(s.at("/process/args")).extracting(JsonNode::textValue).containsExactly("a b\\", "c");
    assertThat(s.at("/winlog/event_data").has("Image")).isFalse();
    assertThat(s.get("@timestamp").textValue()).isEqualTo("2024-04-23T08:48:30.449Z");
    JsonNode p = Corpus.tree(JsonForms.ecsIngested(SourceEvent.of(security().build())));
    assertThat(p.at("/process/pid").longValue()).isEqualTo(0xf84);
    assertThat(p.at("/process/parent/pid").longValue()).isEqualTo(0x5ec);
    assertThat(p.at("/process/args")).extracting(JsonNode::textValue)
        .containsExactly("devtunnel.exe", "host", "-p", "8080");
    assertThat(p.at("/user/name").textValue()).isEqualTo("alice");
  }

  @Test
  void nxlogAndHelk_writeTheLocalTime_asTheExamplesDo() {
    SourceEvent s = SourceEvent.of(sysmon().build());
    JsonNode n = Corpus.tree(JsonForms.nxlog(s, LOCAL, NxlogVariant.CLASSIC));
    assertThat(n.get("EventTime").textValue()).isEqualTo("2024-04-23 14:18:30");
    assertThat(n.get("ProcessID").longValue()).isEqualTo(2640);
    assertThat(n.has("ProcessId")).isFalse();
    assertThat(n.get("Message").textValue()).contains("\r\nProcessId: 3412\r\n");
    assertThat(n.get("Keywords").longValue()).isEqualTo(Long.MIN_VALUE);
    JsonNode h = Corpus.tree(JsonForms.helk(s, LOCAL));
    assertThat(h.get("TimeCreated").textValue()).isEqualTo("2024-04-23T14:18:30.449Z");
    assertThat(h.get("ProcessGuid").textValue()).isEqualTo("{96128ea2-f212-5f7e-e400-000000007f01}");
    assertThat(h.has("UserID")).isFalse();
  }

  @Test
  void sentinel_rejectsAnEventThatIsNotFromSecurity() {
    assertThatThrownBy(() -> JsonForms.sentinel(SourceEvent.of(sysmon().build())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Values.SYSMON);
  }

  @Test
  void sourceEventOf_writesXmlThatParsesBackToTheSameEvent() {
    WinEvent e = sysmon().addData("CommandLine", HOSTILE.replace("\u0001", "")).build();
    SourceEvent built = SourceEvent.of(e);
    SourceEvent read = SourceEvent.parse(built.xml());
    assertThat(read.system()).isEqualTo(built.system());
    for (SourceEvent s : List.of(built, read)) {
      assertThat(JsonForms.ecsRaw(s)).isEqualTo(JsonForms.ecsRaw(built));
    }
    assertThatThrownBy(() -> SourceEvent.of(WinEvent.builder().provider("Other").build()))
        .hasMessageContaining("no typical System values for provider Other");
  }
}
