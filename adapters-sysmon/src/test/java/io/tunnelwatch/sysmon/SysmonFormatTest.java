// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.sysmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.DetectionResult;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.tck.GoldenEvents;
import io.tunnelwatch.core.tck.XmlWinEventLogKit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class SysmonFormatTest extends XmlWinEventLogKit {
  private static final String EXAMPLE = "sysmon_eventid_1.example_log.xml";
  private static final String SPLUNK = "sysmon_eid1.splunk.xml";
  private static final String PYEVTX = "sysmon_eid1.pyevtx.xml";

  @Override
  protected EventFormat format() {
    return new SysmonFormat();
  }

  @Override
  protected List<String> corpusResources() {
    return List.of("sysmon/" + EXAMPLE, "sysmon/" + SPLUNK, "sysmon/" + PYEVTX);
  }

  @Override
  protected String moduleName() {
    return "io.tunnelwatch.sysmon";
  }

  @Override
  protected List<String> validLines() {
    List<String> splunk = lines(SPLUNK);
    List<String> pyevtx = lines(PYEVTX);
    // the first events, one with ParentUser (Sysmon 13.30+), one without OriginalFileName (before Sysmon 10)
    return List.of(lines(EXAMPLE).get(0), splunk.get(0), pyevtx.get(0), splunk.get(26), pyevtx.get(6));
  }

  /** A real Sysmon event with its id changed to 3 (network connection). */
  @Override
  protected String outOfScopeLine() {
    return lines(SPLUNK).get(0).replace("<EventID>1</EventID>", "<EventID>3</EventID>");
  }

  static List<String> lines(String file) {
    try (InputStream in = Objects.requireNonNull(SysmonFormatTest.class.getResourceAsStream("/sysmon/" + file), file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<ProcessEvent> events(String file) throws IOException {
    return GoldenEvents.readAll(new SysmonFormat(), "sysmon/" + file);
  }

  private static ProcessEvent parse(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    LineOutcome o = new SysmonFormat().newParser().parse(b, 0, b.length, new EventOrigin("sysmon", "test", 1));
    assertThat(o).isInstanceOf(LineOutcome.Parsed.class);
    return ((LineOutcome.Parsed) o).event();
  }

  @Test
  void goldenEvents_haveExactlyTheExpectedFields() throws IOException {
    assertThat(GoldenEvents.assertMatches(format(), "sysmon", "golden.txt")).isEqualTo(11);
  }

  @Test
  void everyCorpusEvent_becomesAnEvent() throws IOException {
    for (String file : List.of(EXAMPLE, SPLUNK, PYEVTX)) {
      List<ProcessEvent> events = events(file);
      assertThat(events).as(file).hasSize(lines(file).size());
      for (ProcessEvent e : events) {
        assertThat(e.get(Field.VENDOR_PRODUCT)).isEqualTo("Microsoft Sysmon");
        assertThat(e.get(Field.PROCESS_INTEGRITY_LEVEL)).isIn("medium", "high", "system");
        assertThat(e.get(Field.USER)).doesNotContain("\\");
      }
    }
  }

  /**
   * The two renderings of the same 36 events give the same events (DESIGN.md section 4): python-evtx
   * writes GUIDs in lower case, Windows in upper case, and both become Windows' {@code {UPPER}}
   * (2.6). Times agree (UtcTime is the same string), hex LogonIds and character references do not
   * reach a field.
   */
  @Test
  void pyevtxAndSplunkRenderings_giveTheSameEvents_guidsCanonical() throws IOException {
    List<ProcessEvent> splunk = events(SPLUNK);
    List<ProcessEvent> pyevtx = events(PYEVTX);
    assertThat(pyevtx).hasSameSizeAs(splunk);
    int lowerInSource = 0;
    List<String> pyevtxLines = lines(PYEVTX);
    for (int i = 0; i < splunk.size(); i++) {
      ProcessEvent s = splunk.get(i);
      ProcessEvent p = pyevtx.get(i);
      assertThat(p.time()).isEqualTo(s.time());
      for (Field f : Field.values()) {
        assertThat(p.get(f)).as("line " + (i + 1) + " " + f.cimName()).isEqualTo(s.get(f));
      }
      assertThat(p.get(Field.PROCESS_GUID)).matches("\\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}}");
      if (!pyevtxLines.get(i).contains(p.get(Field.PROCESS_GUID))) {
        lowerInSource++;
      }
    }
    assertThat(lowerInSource).as("python-evtx's GUIDs are lower case: the test compares what differs").isEqualTo(36);
  }

  @Test
  void guids_inAnyCaseWithOrWithoutBraces_becomeUpperCaseInBraces_otherTextVerbatim() {
    String line = lines(SPLUNK).get(0);
    String guid = "{39E4A257-79FB-5F92-7117-000000000700}";
    String withProcessGuid = line.replaceFirst("<Data Name='ProcessGuid'>[^<]*</Data>", "<Data Name='ProcessGuid'>%s</Data>");
    assertThat(parse(String.format(withProcessGuid, "39e4a257-79fb-5f92-7117-000000000700")).get(Field.PROCESS_GUID)).isEqualTo(guid);
    assertThat(parse(String.format(withProcessGuid, "{39e4A257-79FB-5f92-7117-000000000700}")).get(Field.PROCESS_GUID)).isEqualTo(guid);
    assertThat(parse(String.format(withProcessGuid, "not-a-guid")).get(Field.PROCESS_GUID)).isEqualTo("not-a-guid");
    assertThat(parse(String.format(withProcessGuid, "{39e4a257-79fb-5f92-7117-00000000070g}")).get(Field.PROCESS_GUID))
        .as("a g is no hex digit").isEqualTo("{39e4a257-79fb-5f92-7117-00000000070g}");
  }

  @Test
  void time_isUtcTime_elseSystemTime_elseRejectedNamingTheField() {
    String line = lines(SPLUNK).get(0); // UtcTime 06:36:43.542, SystemTime 06:36:43.5470000Z
    assertThat(parse(line).time()).isEqualTo(Instant.parse("2020-10-23T06:36:43.542Z"));
    String noUtc = line.replace("<Data Name='UtcTime'>2020-10-23 06:36:43.542</Data>", "");
    assertThat(noUtc).isNotEqualTo(line);
    assertThat(parse(noUtc).time()).isEqualTo(Instant.parse("2020-10-23T06:36:43.547Z"));
    String badUtc = line.replace("2020-10-23 06:36:43.542", "2020-02-30 06:36:43.542");
    assertThat(parse(badUtc).time()).isEqualTo(Instant.parse("2020-10-23T06:36:43.547Z"));
    String neither = badUtc.replace("SystemTime='2020-10-23T06:36:43.5470000Z'", "SystemTime='yesterday'");
    byte[] b = neither.getBytes(StandardCharsets.UTF_8);
    LineOutcome o = new SysmonFormat().newParser().parse(b, 0, b.length, new EventOrigin("sysmon", "test", 1));
    assertThat(o).isEqualTo(LineOutcome.reject("UtcTime",
        "neither UtcTime nor System/TimeCreated/@SystemTime is a valid UTC time"));
  }

  @Test
  void missingValues_followTheFieldDefaults() {
    String line = lines(SPLUNK).get(1)
        .replace("<Data Name='User'>NT AUTHORITY\\SYSTEM</Data>", "")
        .replace("<Security UserID='S-1-5-18'/>", "<Security/>")
        .replace("<Data Name='OriginalFileName'>svchost.exe</Data>", "")
        .replace("<Data Name='ParentImage'>C:\\Windows\\System32\\services.exe</Data>", "<Data Name='ParentImage'>-</Data>");
    ProcessEvent e = parse(line);
    assertThat(e.get(Field.USER)).isEqualTo("unknown");
    assertThat(e.get(Field.USER_ID)).isEqualTo("null");
    assertThat(e.get(Field.PARENT_PROCESS_NAME)).isEqualTo("unknown");
    assertThat(e.get(Field.PARENT_PROCESS_EXEC)).isEqualTo("null");
    assertThat(e.get(Field.PARENT_PROCESS_PATH)).isEqualTo("null");
    assertThat(e.get(Field.ORIGINAL_FILE_NAME)).isEqualTo("unknown");
  }

  @Test
  void missingEventIdOrProvider_isRejected_otherSysmonEventsSkipped() {
    String line = lines(SPLUNK).get(0);
    assertThat(outcome(line.replace("<EventID>1</EventID>", ""))).isEqualTo(LineOutcome.reject("EventID", "missing"));
    assertThat(outcome(line.replace("<EventID>1</EventID>", "<EventID>one</EventID>")))
        .isEqualTo(LineOutcome.reject("EventID", "not a number"));
    assertThat(outcome(line.replace("Name='Microsoft-Windows-Sysmon' ", ""))).isInstanceOf(LineOutcome.Rejected.class)
        .extracting(o -> ((LineOutcome.Rejected) o).field()).isEqualTo("Provider");
    assertThat(outcome(line.replace("<EventID>1</EventID>", "<EventID>11</EventID>"))).isInstanceOf(LineOutcome.Skipped.class);
  }

  private static LineOutcome outcome(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return new SysmonFormat().newParser().parse(b, 0, b.length, new EventOrigin("sysmon", "test", 1));
  }

  @Test
  void claim_isTheFirstProviderName() {
    String sysmon = lines(SPLUNK).get(0);
    assertThat(claim(sysmon)).isEqualTo(LineClaim.FORMAT);
    assertThat(claim("  " + lines(PYEVTX).get(0))).isEqualTo(LineClaim.FORMAT);
    assertThat(claim(sysmon.replace("Microsoft-Windows-Sysmon'", "Microsoft-Windows-Security-Auditing'")))
        .isEqualTo(LineClaim.FAMILY);
    assertThat(claim(sysmon.replace("<Provider Name='Microsoft-Windows-Sysmon'", "<Provider Guid='{x}' Name='Microsoft-Windows-Sysmon'")))
        .isEqualTo(LineClaim.FORMAT);
    assertThat(claim(sysmon.replace("<Provider Name='Microsoft-Windows-Sysmon'", "<ProviderX Name='Microsoft-Windows-Sysmon'")))
        .isEqualTo(LineClaim.FAMILY);
    assertThat(claim("<Event><System><Provider Name='Microsoft-Windows-Sysmonx'/></System></Event>")).isEqualTo(LineClaim.FAMILY);
    assertThat(claim("Microsoft-Windows-Sysmon <Provider Name='Microsoft-Windows-Sysmon'/>")).isEqualTo(LineClaim.NO);
    assertThat(claim("")).isEqualTo(LineClaim.NO);
  }

  private LineClaim claim(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return format().claim(b, 0, b.length);
  }

  /**
   * 3 of the 36 events are cmd.exe; both renderings of each give the same row (GUIDs are canonical,
   * DESIGN.md 2.6), so 3 rows of two events each; the security_content example adds a row.
   */
  @Test
  void corpusProcessNamedInThePredicate_givesItsRows() throws IOException {
    List<ProcessEvent> all = new ArrayList<>();
    for (String file : List.of(EXAMPLE, SPLUNK, PYEVTX)) {
      all.addAll(events(file));
    }
    Detection detection = Detection.builder().predicate(DetectionPredicate.of("cmd.exe", "cmd.exe")).build();
    DetectionReport report = detection.evaluate(all);
    assertThat(report.matchedEvents()).isEqualTo(7);
    assertThat(report.results()).hasSize(4);
    assertThat(report.results()).filteredOn(r -> r.stats().count() == 2).hasSize(3);
    DetectionResult example = report.results().stream()
        .filter(r -> r.get(Field.DEST).equals("win-dc-6764986.attackrange.local")).findFirst().orElseThrow();
    Map<String, Object> row = example.toRow();
    assertThat(row).containsEntry("process_name", "cmd.exe").containsEntry("original_file_name", "Cmd.Exe")
        .containsEntry("user", "Administrator").containsEntry("process_id", "2296")
        .containsEntry("firstTime", "2020-10-08T11:03:46").containsEntry("lastTime", "2020-10-08T11:03:46")
        .containsEntry("count", 1L);
  }

  @Test
  void fileWithOtherProviders_isReadInOneGo() throws IOException {
    String sysmon = lines(SPLUNK).get(0);
    String security = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        + "<Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4688</EventID>"
        + "<TimeCreated SystemTime='2024-04-23T08:48:30.449376800Z'/><Computer>ar-win-1</Computer></System>"
        + "<EventData><Data Name='NewProcessName'>C:\\x.exe</Data></EventData></Event>";
    byte[] input = String.join("\n", sysmon, security, sysmon, "").getBytes(StandardCharsets.UTF_8);
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = reader().build().read(new ByteArrayInputStream(input), "mixed", events::add);
    assertThat(s.lines()).isEqualTo(3);
    assertThat(s.events()).isEqualTo(2);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(events).extracting(e -> e.origin().line()).containsExactly(1L, 3L);
  }

  /**
   * XML wrapped in JSON (Splunk export, HEC) gives the row of the XML line; a JSON escape that spells
   * a name is seen through by the prefilter (such a line is always parsed), so the prefilter never
   * loses the match.
   */
  @Test
  void jsonWrappedXml_givesTheRowOfItsLine_evenWhenAnEscapeSpellsTheName() throws IOException {
    String xml = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../examples/data/constructed-devtunnel-sysmon.xml")).get(0);
    String escaped = xml.replace("\\", "\\\\").replace("\"", "\\\"");
    String hec = "{\"time\":1713862110,\"sourcetype\":\"XmlWinEventLog\",\"event\":\"" + escaped + "\"}";
    String export = "{\"preview\":false,\"result\":{\"_raw\":\"" + escaped.replace("<", "\\u003c") + "\",\"_time\":\"x\"}}";
    String hidden = hec.replace("devtunnel", "\\u0064evtunnel");
    assertThat(hidden).isNotEqualTo(hec).doesNotContainIgnoringCase("devtunnel");
    ProcessEvent expected = parse(xml);
    for (String line : List.of(hec, export, hidden)) {
      for (boolean prefilter : new boolean[] {false, true}) {
        EventReader.Builder b = EventReader.builder().addFormat(format());
        EventReader reader = (prefilter ? b.prefilterFor(Detection.builder().build()) : b).build();
        List<ProcessEvent> events = new ArrayList<>();
        ReadSummary summary = reader.read(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)), "x", events::add);
        assertThat(summary.rejected()).as(line).isZero();
        assertThat(events).as("prefilter %s: %s", prefilter, line).hasSize(1);
        for (Field f : Field.values()) {
          assertThat(events.get(0).get(f)).as(f.cimName()).isEqualTo(expected.get(f));
        }
        assertThat(events.get(0).time()).isEqualTo(expected.time());
      }
    }
  }
}
