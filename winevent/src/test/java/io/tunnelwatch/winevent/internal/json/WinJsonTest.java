// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.WinEventDispatch;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class WinJsonTest {
  /** A format that restores Sysmon's ECS fields, as the Sysmon adapter does. */
  private static final class Sysmonish extends WinEventFormat {
    Sysmonish() {
      super("s", "Microsoft-Windows-Sysmon", "1");
    }

    @Override
    protected LineOutcome map(WinEvent event, EventOrigin origin) {
      return LineOutcome.skip("unused");
    }

    @Override
    public Map<String, String> elasticFields() {
      return Map.of("process.executable", "Image", "process.pid", "ProcessId", ELASTIC_HASHES, "Hashes",
          ELASTIC_USER, "User", "process.parent.entity_id", "ParentProcessGuid");
    }
  }

  private static final WinEventDispatch FORMATS = new WinEventDispatch(List.of(new Sysmonish()));

  private static @Nullable WinEvent read(String json) throws JsonProblem {
    return read(json, ZoneOffset.UTC);
  }

  private static @Nullable WinEvent read(String json, ZoneId zone) throws JsonProblem {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return new WinJson(FORMATS, zone).read(b, 0, b.length);
  }

  private static WinEvent event(String json) throws JsonProblem {
    return event(json, ZoneOffset.UTC);
  }

  private static WinEvent event(String json, ZoneId zone) throws JsonProblem {
    WinEvent e = read(json, zone);
    if (e == null) {
      throw new AssertionError("no event: " + json);
    }
    return e;
  }

  private static JsonProblem rejection(String json) {
    try {
      read(json);
    } catch (JsonProblem p) {
      return p;
    }
    throw new AssertionError("not rejected: " + json);
  }

  @Test
  void evtxDump_givesSystemValuesAndDecimalTextOfNumbers() throws JsonProblem {
    WinEvent e = event("{\"Event\":{\"#attributes\":{\"xmlns\":\"x\"},\"System\":{\"Provider\":{\"#attributes\":"
        + "{\"Name\":\"Microsoft-Windows-Sysmon\",\"Guid\":\"5770385F\"}},\"EventID\":1,\"Version\":5,"
        + "\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"2025-12-06T21:11:02.649150Z\"}},\"Correlation\":null,"
        + "\"Computer\":\"host\",\"Security\":{\"#attributes\":{\"UserID\":\"S-1-5-18\"}}},"
        + "\"EventData\":{\"RuleName\":null,\"ProcessId\":3412,\"Image\":\"C:\\\\x\\\\devtunnel.exe\",\"TerminalSessionId\":1}}}");
    assertThat(e.provider()).isEqualTo("Microsoft-Windows-Sysmon");
    assertThat(e.eventId()).isEqualTo("1");
    assertThat(e.version()).isEqualTo("5");
    assertThat(e.systemTime()).isEqualTo("2025-12-06T21:11:02.649150Z");
    assertThat(e.systemTimeAssumedZone()).isFalse();
    assertThat(e.computer()).isEqualTo("host");
    assertThat(e.userId()).isEqualTo("S-1-5-18");
    assertThat(e.data("RuleName")).isEmpty();
    assertThat(e.data("ProcessId")).isEqualTo("3412");
    assertThat(e.data("Image")).isEqualTo("C:\\x\\devtunnel.exe");
    assertThat(e.dataCount()).isEqualTo(4);
  }

  @Test
  void evtxDump_separateAttributes_andEventIdWithText_giveTheSameValues() throws JsonProblem {
    WinEvent e = event("{\"Event\":{\"System\":{\"Provider_attributes\":{\"Name\":\"P\"},"
        + "\"EventID\":{\"#attributes\":{\"Qualifiers\":0},\"#text\":4688},\"TimeCreated_attributes\":"
        + "{\"SystemTime\":\"2020-01-01T00:00:00Z\"},\"Computer\":\"c\",\"Security_attributes\":{\"UserID\":\"S-1\"}},"
        + "\"EventData\":{\"NewProcessId\":\"0x1f\"}}}");
    assertThat(e.provider()).isEqualTo("P");
    assertThat(e.eventId()).isEqualTo("4688");
    assertThat(e.systemTime()).isEqualTo("2020-01-01T00:00:00Z");
    assertThat(e.userId()).isEqualTo("S-1");
    assertThat(e.data("NewProcessId")).isEqualTo("0x1f");
  }

  @Test
  void evtxDump_aNullSiblingNeverHidesAValue_whateverTheOrder() throws JsonProblem {
    WinEvent e = event("{\"Event\":{\"System\":{\"Provider_attributes\":{\"Name\":\"P\"},\"Provider\":null,"
        + "\"TimeCreated_attributes\":{\"SystemTime\":\"2020-01-01T00:00:00Z\"},\"TimeCreated\":null,"
        + "\"Security\":null,\"Security_attributes\":{\"UserID\":\"S-1\"},\"EventID\":1}}}");
    assertThat(e.provider()).isEqualTo("P");
    assertThat(e.systemTime()).isEqualTo("2020-01-01T00:00:00Z");
    assertThat(e.userId()).isEqualTo("S-1");
  }

  @Test
  void ecsRaw_readsWinlog_andTimestamp() throws JsonProblem {
    WinEvent e = event("{\"@timestamp\":\"2020-10-27T20:00:14.320Z\",\"winlog\":{\"provider_name\":\"Other\","
        + "\"event_id\":\"7\",\"computer_name\":\"h\",\"user\":{\"identifier\":\"S-1-5-18\"},"
        + "\"event_data\":{\"Image\":\"C:\\\\a.exe\",\"ProcessId\":\"12\"}}}");
    assertThat(e.provider()).isEqualTo("Other");
    assertThat(e.eventId()).isEqualTo("7");
    assertThat(e.computer()).isEqualTo("h");
    assertThat(e.userId()).isEqualTo("S-1-5-18");
    assertThat(e.systemTime()).isEqualTo("2020-10-27T20:00:14.320Z");
    assertThat(e.data("Image")).isEqualTo("C:\\a.exe");
    assertThat(e.data("ProcessId")).isEqualTo("12");
  }

  @Test
  void ecsIngested_restoresWhatThePipelineMoved_forTheFormatOfTheEvent() throws JsonProblem {
    WinEvent e = event("{\"@timestamp\":\"2020-10-27T20:00:14.320Z\",\"process\":{\"executable\":\"C:\\\\n.exe\","
        + "\"pid\":3616,\"hash\":{\"sha1\":\"ab12\",\"md5\":\"cd\"},\"pe\":{\"imphash\":\"ef\"},"
        + "\"parent\":{\"pid\":1}},\"user\":{\"domain\":\"VAGRANT\",\"name\":\"vagrant\"},"
        + "\"winlog\":{\"provider_name\":\"Microsoft-Windows-Sysmon\",\"event_id\":1,"
        + "\"event_data\":{\"IntegrityLevel\":\"Medium\",\"ProcessId\":\"99\"}}}");
    assertThat(e.data("Image")).isEqualTo("C:\\n.exe");
    assertThat(e.data("ProcessId")).as("event_data wins over the ECS copy").isEqualTo("99");
    assertThat(e.data("Hashes")).isEqualTo("SHA1=AB12,MD5=CD,IMPHASH=EF");
    assertThat(e.data("User")).isEqualTo("VAGRANT\\vagrant");
    assertThat(e.data("ParentProcessGuid")).as("dropped by the pipeline: missing").isNull();
    assertThat(e.data("IntegrityLevel")).isEqualTo("Medium");
  }

  @Test
  void elasticsearchHit_isReadAsItsSource() throws JsonProblem {
    WinEvent e = event("{\"_index\":\"winlogbeat-8\",\"_id\":\"a1\",\"_score\":1.0,\"_source\":{\"@timestamp\":"
        + "\"2020-10-27T20:00:14.320Z\",\"process\":{\"executable\":\"C:\\\\n.exe\"},\"winlog\":{\"provider_name\":"
        + "\"Microsoft-Windows-Sysmon\",\"event_id\":\"1\",\"event_data\":{\"IntegrityLevel\":\"Medium\"}}}}");
    assertThat(e.provider()).isEqualTo("Microsoft-Windows-Sysmon");
    assertThat(e.systemTime()).isEqualTo("2020-10-27T20:00:14.320Z");
    assertThat(e.data("Image")).isEqualTo("C:\\n.exe");
  }

  @Test
  void ecs_ofAProviderNoFormatMaps_restoresNothing() throws JsonProblem {
    WinEvent e = event("{\"process\":{\"executable\":\"x\"},\"winlog\":{\"provider_name\":\"Other\",\"event_id\":1}}");
    assertThat(e.data("Image")).isNull();
  }

  @Test
  void ecs_withTheXmlInEventOriginal_readsTheXml() throws JsonProblem {
    WinEvent e = event("{\"event\":{\"original\":\"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
        + "<System><Provider Name='X'/><EventID>5</EventID></System><EventData><Data Name='A'>&#x64;v</Data>"
        + "</EventData></Event>\"},\"winlog\":{\"provider_name\":\"Y\",\"event_id\":6}}");
    assertThat(e.provider()).isEqualTo("X");
    assertThat(e.eventId()).isEqualTo("5");
    assertThat(e.data("A")).isEqualTo("dv");
  }

  @Test
  void ecs_withMalformedXmlInEventOriginal_isRejectedNamingIt() {
    JsonProblem p = rejection("{\"event\":{\"original\":\"<Event><System>\"},\"winlog\":{}}");
    assertThat(p.field()).isEqualTo("event.original");
  }

  @Test
  void aValueTurnedIntoAKeyByADamagedQuote_isNeverQuoted() {
    // WinJsonProperties seed 4485222053364454246: two flipped bytes made a Sentinel row's EventData
    // XML part of a key, which the message then printed whole.
    JsonProblem p = rejection("{\"EventID\":4688,\"SourceName\":\"Microsoft-Windows-Security-Auditing\","
        + "\"EventData%:=<EventData><Data Name='A'>hunter2</Data></EventData>\"}");
    assertThat(p.getMessage()).doesNotContain("hunter2").contains("(a key that is not a field name)");
  }

  @Test
  void nxlog_neverReadsItsOwnProcessID_andTakesProcessIdFromTheMessage() throws JsonProblem {
    WinEvent e = event("{\"EventTime\":\"2020-08-01 07:53:24\",\"Hostname\":\"h\",\"EventID\":1,"
        + "\"SourceName\":\"Microsoft-Windows-Sysmon\",\"ProcessID\":2804,\"UserID\":\"S-1-5-18\","
        + "\"Message\":\"Process Create:\\r\\nRuleName: \\r\\nProcessId: 2964\\r\\nParentProcessId: 856\","
        + "\"ParentProcessId\":\"856\"}");
    assertThat(e.data("ProcessId")).isEqualTo("2964");
    assertThat(e.data("ProcessID")).isNull();
    assertThat(e.computer()).isEqualTo("h");
    assertThat(e.userId()).isEqualTo("S-1-5-18");
  }

  @Test
  void nxlog4688_takesTheCreatorProcessIdFromTheMessage() {
    assertThat(WinJson.messageValue("A new process\r\n\tNew Process ID:\t\t0x116c\r\n\tCreator Process ID:\t0x2b0\r\n"))
        .isEqualTo("0x2b0");
    assertThat(WinJson.messageValue("no such line")).isNull();
  }

  @Test
  void zonelessTime_isReadInTheSourceZone_andMarked() throws JsonProblem {
    WinEvent e = event("{\"EventTime\":\"2020-08-01 07:53:24\",\"EventID\":1,\"SourceName\":\"S\"}",
        ZoneId.of("America/New_York"));
    assertThat(e.systemTimeAssumedZone()).isTrue();
    assertThat(Instant.parse(e.systemTime())).isEqualTo(Instant.parse("2020-08-01T11:53:24Z"));
  }

  @Test
  void timeWithAnOffset_isThatInstant_andNotMarked() throws JsonProblem {
    WinEvent e = event("{\"EventTime\":\"2020-08-01T07:53:24.5+02:00\",\"EventID\":1,\"SourceName\":\"S\"}");
    assertThat(e.systemTimeAssumedZone()).isFalse();
    assertThat(Instant.parse(e.systemTime())).isEqualTo(Instant.parse("2020-08-01T05:53:24.5Z"));
  }

  @Test
  void flat_providerFromTheChannel_whenNoSourceName() throws JsonProblem {
    assertThat(event("{\"EventID\":4688,\"Channel\":\"Security\"}").provider())
        .isEqualTo("Microsoft-Windows-Security-Auditing");
    assertThat(event("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\"}").provider())
        .isEqualTo("Microsoft-Windows-Sysmon");
  }

  @Test
  void sentinelRow_eventDataXmlWinsOverTheTopLevelCopies() throws JsonProblem {
    WinEvent e = event("{\"EventData\":\"<EventData>\\n<Data Name='NewProcessName'>C:\\\\a&amp;b.exe</Data>\\n</EventData>\\n\","
        + "\"EventID\":4688,\"EventSourceName\":\"Microsoft-Windows-Security-Auditing\",\"Computer\":\"DC\","
        + "\"NewProcessName\":\"other\",\"TimeGenerated\":\"2024-01-01T00:00:00Z\"}");
    assertThat(e.data("NewProcessName")).isEqualTo("C:\\a&b.exe");
    assertThat(e.computer()).isEqualTo("DC");
    assertThat(e.systemTime()).isEqualTo("2024-01-01T00:00:00Z");
  }

  @Test
  void unknownObject_isNoEvent() throws JsonProblem {
    assertThat(read("{\"event_simpleName\":\"ProcessRollup2\"}")).isNull();
    assertThat(read("{\"EventID\":1}")).as("an id without a source").isNull();
    assertThat(read("{\"Event\":{\"EventData\":{}}}")).as("no System").isNull();
  }

  @Test
  void malformed_isRejectedNamingTheField() {
    assertThat(rejection("[1]").reason()).isEqualTo("not a JSON object");
    assertThat(rejection("{\"EventID\":1} x").reason()).startsWith("not valid JSON");
    assertThat(rejection("{\"EventID\":1,\"SourceName\":\"S\"").reason()).contains("ends inside the JSON");
    JsonProblem dup = rejection("{\"winlog\":{\"event_data\":{\"Image\":\"a\",\"Image\":\"b\"}}}");
    assertThat(dup.field()).isEqualTo("winlog.event_data.Image");
    assertThat(dup.reason()).isEqualTo("a key appears twice");
    assertThat(rejection("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}").reason()).startsWith("nested deeper");
  }

  @Test
  void objectAsEventDataValue_isRejectedOnlyForAnEventInScope() throws JsonProblem {
    String data = "\"EventData\":{\"Data\":{\"#text\":[\"a\",\"b\"]}}}}";
    JsonProblem p = rejection("{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":"
        + "\"Microsoft-Windows-Sysmon\"}},\"EventID\":1}," + data);
    assertThat(p.field()).isEqualTo("EventData.Data");
    assertThat(event("{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Other\"}},\"EventID\":1},"
        + data).provider()).isEqualTo("Other");
  }
}
