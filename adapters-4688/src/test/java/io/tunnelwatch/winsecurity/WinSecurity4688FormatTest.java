// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.DetectionReport;
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
import io.tunnelwatch.sysmon.SysmonFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

final class WinSecurity4688FormatTest extends XmlWinEventLogKit {
  private static final String EXAMPLE = "windows_event_log_security_4688.example_log.xml";
  private static final String SPLUNK = "security_4688.splunk.xml";
  private static final String PYEVTX = "security_4688.pyevtx.xml";
  /** The most python-evtx's FILETIME rendering loses (a double near 2020 has about 0.24 µs per ulp). */
  private static final Duration PYTHON_EVTX_TIME_LOSS = Duration.ofNanos(5_000);

  @Override
  protected EventFormat format() {
    return new WinSecurity4688Format();
  }

  @Override
  protected List<String> corpusResources() {
    return List.of("winsecurity-4688/" + EXAMPLE, "winsecurity-4688/" + SPLUNK, "winsecurity-4688/" + PYEVTX);
  }

  @Override
  protected String moduleName() {
    return "io.tunnelwatch.winsecurity";
  }

  @Override
  protected List<String> validLines() {
    List<String> splunk = lines(SPLUNK);
    List<String> pyevtx = lines(PYEVTX);
    // version 2 with 15 items, version 1 without a command line, version 2 with 13 items, version 1 with one
    return List.of(lines(EXAMPLE).get(0), splunk.get(0), pyevtx.get(7), splunk.get(22), pyevtx.get(3), splunk.get(20));
  }

  /** A real 4688 event with its id changed to 4689 (a process has exited). */
  @Override
  protected String outOfScopeLine() {
    return lines(SPLUNK).get(0).replace("<EventID>4688</EventID>", "<EventID>4689</EventID>");
  }

  static List<String> lines(String file) {
    try (InputStream in = Objects.requireNonNull(WinSecurity4688FormatTest.class.getResourceAsStream("/winsecurity-4688/" + file), file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<ProcessEvent> events(String file) throws IOException {
    return GoldenEvents.readAll(new WinSecurity4688Format(), "winsecurity-4688/" + file);
  }

  private static LineOutcome outcome(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return new WinSecurity4688Format().newParser().parse(b, 0, b.length, new EventOrigin("winsecurity-4688", "test", 1));
  }

  private static ProcessEvent parse(String line) {
    LineOutcome o = outcome(line);
    assertThat(o).isInstanceOf(LineOutcome.Parsed.class);
    return ((LineOutcome.Parsed) o).event();
  }

  @Test
  void goldenEvents_haveExactlyTheExpectedFields() throws IOException {
    assertThat(GoldenEvents.assertMatches(format(), "winsecurity-4688", "golden.txt")).isEqualTo(13);
  }

  @Test
  void everyCorpusEvent_becomesAnEvent_ofEveryVersion() throws IOException {
    for (String file : List.of(EXAMPLE, SPLUNK, PYEVTX)) {
      List<ProcessEvent> events = events(file);
      assertThat(events).as(file).hasSize(lines(file).size());
      for (ProcessEvent e : events) {
        assertThat(e.get(Field.VENDOR_PRODUCT)).isEqualTo("Microsoft Windows");
        assertThat(e.get(Field.PROCESS_ID)).matches("0x(0|[1-9a-f][0-9a-f]*)");
        assertThat(e.get(Field.PARENT_PROCESS_ID)).matches("0x(0|[1-9a-f][0-9a-f]*)");
        assertThat(e.get(Field.PROCESS_INTEGRITY_LEVEL)).isIn("null", "medium", "high", "system");
        assertThat(e.get(Field.USER)).isNotEqualTo("unknown");
      }
    }
  }

  /**
   * The two renderings of the same 37 events give equal events: GUIDs and SIDs are not mapped,
   * process ids are normalised (the exporter pads them, Windows does not), and SystemTime with six
   * digits and no zone is the same instant as with seven digits and {@code Z}, but for what
   * python-evtx itself loses: it turns the FILETIME into seconds through a double, a microsecond or
   * two short of the time (docs/fixtures/README.md), never more.
   */
  @Test
  void pyevtxAndSplunkRenderings_giveEqualEvents() throws IOException {
    List<ProcessEvent> splunk = events(SPLUNK);
    List<ProcessEvent> pyevtx = events(PYEVTX);
    assertThat(pyevtx).hasSameSizeAs(splunk);
    int exact = 0;
    for (int i = 0; i < splunk.size(); i++) {
      Duration lost = Duration.between(pyevtx.get(i).time(), splunk.get(i).time());
      assertThat(lost).as("line " + (i + 1)).isBetween(Duration.ZERO, PYTHON_EVTX_TIME_LOSS);
      exact += lost.isZero() ? 1 : 0;
      assertThat(pyevtx.get(i).groupKey()).as("line " + (i + 1)).isEqualTo(splunk.get(i).groupKey());
    }
    assertThat(exact).as("events whose time python-evtx renders exactly").isEqualTo(15);
    // ... although every raw NewProcessId differs between them.
    List<String> rawSplunk = lines(SPLUNK);
    List<String> rawPyevtx = lines(PYEVTX);
    for (int i = 0; i < rawSplunk.size(); i++) {
      assertThat(rawPyevtx.get(i)).as("line " + (i + 1)).contains("<Data Name=\"NewProcessId\">0x0000");
      assertThat(rawSplunk.get(i)).as("line " + (i + 1)).doesNotContain("<Data Name='NewProcessId'>0x0");
    }
  }

  @Test
  void time_isSystemTime_orTheLineIsRejected() {
    String line = lines(SPLUNK).get(0);
    assertThat(parse(line).time()).isEqualTo(Instant.parse("2020-10-23T06:36:43.542Z"));
    assertThat(parse(line.replace("2020-10-23T06:36:43.5420000Z", "2020-10-23T06:36:43Z")).time())
        .isEqualTo(Instant.parse("2020-10-23T06:36:43Z"));
    assertThat(parse(line.replace("2020-10-23T06:36:43.5420000Z", "2020-10-23T06:36:43.123456789Z")).time())
        .isEqualTo(Instant.parse("2020-10-23T06:36:43.123456789Z"));
    for (String bad : List.of("2020-10-23T06:36:43.1234567890Z", "2020-10-23T24:36:43Z", "2020-10-23", "20201023T063643Z")) {
      assertThat(outcome(line.replace("2020-10-23T06:36:43.5420000Z", bad))).as(bad)
          .isEqualTo(LineOutcome.reject("SystemTime", "System/TimeCreated/@SystemTime is missing or not a valid UTC time"));
    }
  }

  @Test
  void user_isTargetUserName_elseSubjectUserName() {
    String v2 = lines(SPLUNK).get(20); // TargetUserName wardog, SubjectUserName WORKSTATION5$
    assertThat(v2).contains("<Data Name='TargetUserName'>wardog</Data>");
    assertThat(parse(v2).get(Field.USER)).isEqualTo("wardog");
    String dash = v2.replace("<Data Name='TargetUserName'>wardog</Data>", "<Data Name='TargetUserName'>-</Data>");
    String subject = v2.replaceAll(".*<Data Name='SubjectUserName'>([^<]*)</Data>.*", "$1");
    assertThat(parse(dash).get(Field.USER)).isEqualTo(subject).isNotEqualTo("wardog");
    String none = v2.replace("<Data Name='TargetUserName'>wardog</Data>", "");
    assertThat(parse(none).get(Field.USER)).isEqualTo(subject);
  }

  @Test
  void integrityLevel_comesFromTheMandatoryLabel_inSidOrNameForm() {
    String line = lines(EXAMPLE).get(0);
    String label = "<Data Name='MandatoryLabel'>Mandatory Label\\System Mandatory Level</Data>";
    assertThat(line).contains(label);
    assertThat(parse(line).get(Field.PROCESS_INTEGRITY_LEVEL)).isEqualTo("system");
    assertThat(parse(line.replace(label, "<Data Name='MandatoryLabel'>S-1-16-8448</Data>")).get(Field.PROCESS_INTEGRITY_LEVEL))
        .isEqualTo("medium_plus");
    assertThat(parse(line.replace(label, "")).get(Field.PROCESS_INTEGRITY_LEVEL)).isEqualTo("null");
  }

  /** Three of the 37 events are cmd.exe; read in both renderings they fall into the same three rows. */
  @Test
  void corpusProcessNamedInThePredicate_givesItsRows_acrossRenderings() throws IOException {
    List<ProcessEvent> all = new ArrayList<>();
    for (String file : List.of(EXAMPLE, SPLUNK, PYEVTX)) {
      all.addAll(events(file));
    }
    DetectionReport report = Detection.builder().predicate(DetectionPredicate.of("cmd.exe", "cmd.exe")).build().evaluate(all);
    assertThat(report.matchedEvents()).isEqualTo(6);
    assertThat(report.results()).hasSize(3).allSatisfy(r -> assertThat(r.stats().count()).isEqualTo(2));
    assertThat(report.results()).anySatisfy(r -> assertThat(r.toRow())
        .containsEntry("process", "c:\\windows\\system32\\cmd.exe")
        .containsEntry("process_id", "0x270c").containsEntry("parent_process_id", "0x297c")
        .containsEntry("dest", "WORKSTATION5").containsEntry("user", "wardog")
        .containsEntry("firstTime", "2020-10-22T05:54:24").containsEntry("lastTime", "2020-10-22T05:54:24"));
  }

  @Test
  void fileThatInterleavesSysmonAnd4688_isReadByBothFormats() throws IOException {
    String sysmon = new String(Objects.requireNonNull(getClass().getResourceAsStream("/winsecurity-4688/sysmon_eventid_1.example_log.xml"))
        .readAllBytes(), StandardCharsets.UTF_8).strip();
    List<String> input = List.of(lines(EXAMPLE).get(0), sysmon, lines(PYEVTX).get(0), sysmon, lines(SPLUNK).get(1), "");
    EventReader reader = EventReader.builder().noPrefilter().addFormat(new SysmonFormat()).addFormat(new WinSecurity4688Format()).build();
    List<ProcessEvent> events = new ArrayList<>();
    ReadSummary s = reader.read(new ByteArrayInputStream(String.join("\n", input).getBytes(StandardCharsets.UTF_8)), "mixed", events::add);
    assertThat(s.rejections()).isEmpty();
    assertThat(s.events()).isEqualTo(5);
    assertThat(events).extracting(e -> e.origin().format())
        .containsExactly("winsecurity-4688", "sysmon", "winsecurity-4688", "sysmon", "winsecurity-4688");
    assertThat(events).extracting(e -> e.get(Field.VENDOR_PRODUCT))
        .containsExactly("Microsoft Windows", "Microsoft Sysmon", "Microsoft Windows", "Microsoft Sysmon", "Microsoft Windows");

    // The 4688 format alone skips the Sysmon lines; the Sysmon format alone skips the 4688 lines.
    ReadSummary alone = EventReader.builder().noPrefilter().addFormat(format()).build()
        .read(new ByteArrayInputStream(String.join("\n", input).getBytes(StandardCharsets.UTF_8)), "mixed", e -> { });
    assertThat(alone.events()).isEqualTo(3);
    assertThat(alone.skipped()).isEqualTo(2);
    byte[] sysmonBytes = sysmon.getBytes(StandardCharsets.UTF_8);
    assertThat(format().claim(sysmonBytes, 0, sysmonBytes.length)).isEqualTo(LineClaim.FAMILY);
  }

}
