// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.Rejection;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: real FDR events read through {@link EventReader}, each expected {@link ProcessEvent}
 * written out field by field as DESIGN.md section 3 maps it.
 */
final class CrowdStrikeFormatTest {
  private static final String SID_PANTHER = "S-1-5-21-239183934-720705223-383019856-500";
  private static final String POWERSHELL_V2 =
      "\\Device\\HarddiskVolume2\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
  private static final String HASH_PANTHER = "840e1f9dc5a29bebf01626822d7390251e9cf05bb3560ba7b68bdb8a41cf08e3";
  private static final Instant PANTHER_TIME = Instant.parse("2023-04-24T20:33:36.719Z");

  private final List<ProcessEvent> events = new ArrayList<>();
  private final ReadSummary panther = Corpus.read(Corpus.reader(), "panther", events, Corpus.lines(Corpus.PANTHER).toArray(String[]::new));

  private ProcessEvent pantherLine(int line) {
    return events.stream().filter(e -> e.origin().line() == line).findFirst().orElseThrow();
  }

  @Test
  void pantherCorpus_sixteenEvents_andTheTwoWithoutTimestampRejectedNamingIt() {
    assertThat(panther.lines()).isEqualTo(18);
    assertThat(panther.events()).isEqualTo(16);
    assertThat(panther.skipped()).isZero();
    assertThat(panther.rejections()).containsExactly(
        new Rejection("panther", 17, "crowdstrike-fdr", "timestamp", "missing: a process event needs its time"),
        new Rejection("panther", 18, "crowdstrike-fdr", "timestamp", "missing: a process event needs its time"));
    assertThat(events).allSatisfy(e -> assertThat(e.origin().format()).isEqualTo("crowdstrike-fdr"));
  }

  @Test
  void pantherLine1_mapsEveryField() {
    assertEvent(pantherLine(1), PANTHER_TIME,
        Field.PROCESS, "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -EncodedCommand \"aGVsbG93b3JsZA==\" -SomeExtraCommand \"HelloWorld\"",
        Field.VENDOR_PRODUCT, "CrowdStrike FDR",
        Field.USER_ID, SID_PANTHER,
        Field.PROCESS_HASH, HASH_PANTHER,
        Field.PARENT_PROCESS_NAME, "pwsh.exe",
        Field.PARENT_PROCESS_EXEC, "pwsh.exe",
        Field.ACTION, "allowed",
        Field.DEST, "unknown",
        Field.PROCESS_CURRENT_DIRECTORY, "null",
        Field.PROCESS_PATH, POWERSHELL_V2,
        Field.PROCESS_INTEGRITY_LEVEL, "high",
        Field.ORIGINAL_FILE_NAME, "unknown",
        Field.PARENT_PROCESS, "unknown",
        Field.PARENT_PROCESS_PATH, "null",
        Field.PARENT_PROCESS_GUID, "null",
        Field.PARENT_PROCESS_ID, "4370948876",
        Field.PROCESS_GUID, "null",
        Field.PROCESS_ID, "3120",
        Field.USER, SID_PANTHER,
        Field.PROCESS_NAME, "powershell.exe");
  }

  @Test
  void pantherLine10_processNameFromImageFileName_notFromTheCommandLine() {
    assertEvent(pantherLine(10), PANTHER_TIME,
        Field.PROCESS, "/usr/bin/somebinary --b64=\"aGVsbG8taXMtaXQtbWUteW91cmUtbG9va2luZy1mb3IK\"",
        Field.VENDOR_PRODUCT, "CrowdStrike FDR",
        Field.USER_ID, SID_PANTHER,
        Field.PROCESS_HASH, HASH_PANTHER,
        Field.PARENT_PROCESS_NAME, "pwsh.exe",
        Field.PARENT_PROCESS_EXEC, "pwsh.exe",
        Field.ACTION, "allowed",
        Field.DEST, "unknown",
        Field.PROCESS_CURRENT_DIRECTORY, "null",
        Field.PROCESS_PATH, "\\Device\\HarddiskVolume2\\Windows\\System32\\cmd.exe",
        Field.PROCESS_INTEGRITY_LEVEL, "high",
        Field.ORIGINAL_FILE_NAME, "unknown",
        Field.PARENT_PROCESS, "unknown",
        Field.PARENT_PROCESS_PATH, "null",
        Field.PARENT_PROCESS_GUID, "null",
        Field.PARENT_PROCESS_ID, "4370948876",
        Field.PROCESS_GUID, "null",
        Field.PROCESS_ID, "3120",
        Field.USER, SID_PANTHER,
        Field.PROCESS_NAME, "cmd.exe");
  }

  @Test
  void pantherLine12_withoutImageFileName_hasPathNullAndNameUnknown() {
    assertEvent(pantherLine(12), PANTHER_TIME,
        Field.PROCESS, "/usr/bin/somebinary --b64=aGVsbG8taXMtaXQtbWUteW91cmUtbG9va2luZy1mb3==",
        Field.VENDOR_PRODUCT, "CrowdStrike FDR",
        Field.USER_ID, SID_PANTHER,
        Field.PROCESS_HASH, HASH_PANTHER,
        Field.PARENT_PROCESS_NAME, "pwsh.exe",
        Field.PARENT_PROCESS_EXEC, "pwsh.exe",
        Field.ACTION, "allowed",
        Field.DEST, "unknown",
        Field.PROCESS_CURRENT_DIRECTORY, "null",
        Field.PROCESS_PATH, "null",
        Field.PROCESS_INTEGRITY_LEVEL, "high",
        Field.ORIGINAL_FILE_NAME, "unknown",
        Field.PARENT_PROCESS, "unknown",
        Field.PARENT_PROCESS_PATH, "null",
        Field.PARENT_PROCESS_GUID, "null",
        Field.PARENT_PROCESS_ID, "4370948876",
        Field.PROCESS_GUID, "null",
        Field.PROCESS_ID, "3120",
        Field.USER, SID_PANTHER,
        Field.PROCESS_NAME, "unknown");
  }

  @Test
  void pantherLine13_keepsNonAsciiCommandLineAndZeroedHashVerbatim() {
    assertEvent(pantherLine(13), PANTHER_TIME,
        Field.PROCESS, "powershell.exe -NoProfile -NonInteractive \u2013ExecutionPolicy Bypass -EncodedCommand UwB0AGEAcgB0ACAAIgBoAHQAdABwADoALwAvAGwAbwBjAGEAbABoAG8AcwB0ADoANgAwADAANgAvACIA",
        Field.VENDOR_PRODUCT, "CrowdStrike FDR",
        Field.USER_ID, SID_PANTHER,
        Field.PROCESS_HASH, "00000000006d378c65c9f4a8b3cfd909ecc89da96bc6cdb3e3aced7e1cce251c",
        Field.PARENT_PROCESS_NAME, "pwsh.exe",
        Field.PARENT_PROCESS_EXEC, "pwsh.exe",
        Field.ACTION, "allowed",
        Field.DEST, "unknown",
        Field.PROCESS_CURRENT_DIRECTORY, "null",
        Field.PROCESS_PATH, POWERSHELL_V2,
        Field.PROCESS_INTEGRITY_LEVEL, "high",
        Field.ORIGINAL_FILE_NAME, "unknown",
        Field.PARENT_PROCESS, "unknown",
        Field.PARENT_PROCESS_PATH, "null",
        Field.PARENT_PROCESS_GUID, "null",
        Field.PARENT_PROCESS_ID, "4370948876",
        Field.PROCESS_GUID, "null",
        Field.PROCESS_ID, "3120",
        Field.USER, SID_PANTHER,
        Field.PROCESS_NAME, "powershell.exe");
  }

  @Test
  void pantherLine15_anotherAgentAndVolume() {
    assertEvent(pantherLine(15), PANTHER_TIME,
        Field.PROCESS, "powershell.exe  -Command start 'dcu.centennial: Create NewUpdatesReadyToApply'",
        Field.VENDOR_PRODUCT, "CrowdStrike FDR",
        Field.USER_ID, SID_PANTHER,
        Field.PROCESS_HASH, "0ff6f2c94bc7e2833a5f7e16de1622e5dba70396f31c7d5f56381870317e8c46",
        Field.PARENT_PROCESS_NAME, "cmd.exe",
        Field.PARENT_PROCESS_EXEC, "cmd.exe",
        Field.ACTION, "allowed",
        Field.DEST, "unknown",
        Field.PROCESS_CURRENT_DIRECTORY, "null",
        Field.PROCESS_PATH, "\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        Field.PROCESS_INTEGRITY_LEVEL, "high",
        Field.ORIGINAL_FILE_NAME, "unknown",
        Field.PARENT_PROCESS, "unknown",
        Field.PARENT_PROCESS_PATH, "null",
        Field.PARENT_PROCESS_GUID, "null",
        Field.PARENT_PROCESS_ID, "1170961674455",
        Field.PROCESS_GUID, "null",
        Field.PROCESS_ID, "17584",
        Field.USER, SID_PANTHER,
        Field.PROCESS_NAME, "powershell.exe");
  }

  @Test
  void pantherLine16_pythonParent() {
    assertThat(pantherLine(16).get(Field.PARENT_PROCESS_NAME)).isEqualTo("python.exe");
    assertThat(pantherLine(16).get(Field.PARENT_PROCESS_EXEC)).isEqualTo("python.exe");
  }

  @Test
  void securityContentExample_mapsEveryField() {
    List<ProcessEvent> one = new ArrayList<>();
    ReadSummary s = Corpus.read(Corpus.reader(), "security_content", one, Corpus.securityContent());
    assertThat(s.rejections()).isEmpty();
    assertThat(one).hasSize(1);
    ProcessEvent e = one.get(0);
    assertThat(e.origin()).isEqualTo(new EventOrigin("crowdstrike-fdr", "security_content", 1));
    assertEvent(e, Instant.parse("2024-04-22T16:59:33.418Z"),
        Field.PROCESS, "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" ",
        Field.VENDOR_PRODUCT, "CrowdStrike FDR",
        Field.USER_ID, "S-1-5-21-586445407-708991241-1829972403-500",
        Field.PROCESS_HASH, "ba4038fd20e474c047be8aad5bfacdb1bfc1ddbe12f803f473b7918d8d819436",
        Field.PARENT_PROCESS_NAME, "explorer.exe",
        Field.PARENT_PROCESS_EXEC, "explorer.exe",
        Field.ACTION, "allowed",
        Field.DEST, "unknown",
        Field.PROCESS_CURRENT_DIRECTORY, "null",
        Field.PROCESS_PATH, "\\Device\\HarddiskVolume1\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        Field.PROCESS_INTEGRITY_LEVEL, "high",
        Field.ORIGINAL_FILE_NAME, "unknown",
        Field.PARENT_PROCESS, "unknown",
        Field.PARENT_PROCESS_PATH, "null",
        Field.PARENT_PROCESS_GUID, "null",
        Field.PARENT_PROCESS_ID, "5459598860",
        Field.PROCESS_GUID, "null",
        Field.PROCESS_ID, "5012",
        Field.USER, "S-1-5-21-586445407-708991241-1829972403-500",
        Field.PROCESS_NAME, "powershell.exe");
  }

  /** Asserts the time and all 20 fields; {@code pairs} must name every field once. */
  static void assertEvent(ProcessEvent e, Instant time, Object... pairs) {
    Map<Field, String> expected = new EnumMap<>(Field.class);
    for (int i = 0; i < pairs.length; i += 2) {
      assertThat(expected.put((Field) pairs[i], (String) pairs[i + 1])).as("field named twice: " + pairs[i]).isNull();
    }
    assertThat(expected.keySet()).as("the expectation names every field").containsExactly(Field.values());
    assertThat(e.time()).isEqualTo(time);
    Map<Field, String> actual = new EnumMap<>(Field.class);
    for (Field f : Field.values()) {
      actual.put(f, e.get(f));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void claim_formatForFdrObjects_familyForOtherJson_noOtherwise() {
    EventFormat f = new CrowdStrikeFormat();
    assertThat(claim(f, Corpus.panther(1))).isEqualTo(LineClaim.FORMAT);
    assertThat(claim(f, "  \t{\"event_simpleName\":\"AidMaster\"}")).isEqualTo(LineClaim.FORMAT);
    assertThat(claim(f, "{\"EventID\":1}")).isEqualTo(LineClaim.FAMILY);
    assertThat(claim(f, "[1,2]")).isEqualTo(LineClaim.FAMILY);
    assertThat(claim(f, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'/>")).isEqualTo(LineClaim.NO);
    assertThat(claim(f, "\"event_simpleName\"")).isEqualTo(LineClaim.NO);
    assertThat(claim(f, "   ")).isEqualTo(LineClaim.NO);
  }

  @Test
  void claim_looksOnlyInsideTheGivenRange() {
    byte[] buf = ("xx" + Corpus.panther(1) + "yy").getBytes(StandardCharsets.UTF_8);
    EventFormat f = new CrowdStrikeFormat();
    assertThat(f.claim(buf, 2, buf.length - 4)).isEqualTo(LineClaim.FORMAT);
    assertThat(f.claim(buf, 2, 20)).isEqualTo(LineClaim.FAMILY); // the key lies beyond the range
    assertThat(f.claim(buf, 0, buf.length)).isEqualTo(LineClaim.NO);
  }

  private static LineClaim claim(EventFormat f, String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return f.claim(b, 0, b.length);
  }

  @Test
  void syntheticProcessRollup2_andEveryPlatform_areInScope() {
    String mac = Corpus.panther(15)
        .replace("\"event_simpleName\":\"ProcessRollup2\"", "\"event_simpleName\":\"SyntheticProcessRollup2\"")
        .replace("\"event_platform\":\"Win\"", "\"event_platform\":\"Mac\"");
    List<ProcessEvent> out = new ArrayList<>();
    ReadSummary s = Corpus.read(Corpus.reader(), "t", out, mac);
    assertThat(s.events()).isEqualTo(1);
    assertThat(out.get(0).groupKey()).isEqualTo(pantherLine(15).groupKey());
  }

  @Test
  void otherEventTypes_areSkippedNotRejected() {
    List<ProcessEvent> out = new ArrayList<>();
    ReadSummary s = Corpus.read(Corpus.reader(), "t", out,
        Corpus.panther(1),
        "{\"event_simpleName\":\"EndOfProcess\",\"aid\":\"877761efa8db44d792ddc2redacted\",\"timestamp\":\"1682368417000\"}",
        "{\"event_simpleName\":\"NetworkConnectIP4\",\"CommandLine\":{\"not\":\"read\"}}",
        "{\"event_simpleName\":\"processrollup2\",\"timestamp\":\"1682368417000\"}",
        Corpus.panther(2));
    assertThat(s.rejections()).isEmpty();
    assertThat(s.skipped()).isEqualTo(3);
    assertThat(out).hasSize(2);
  }

  @Test
  void integrityLevels_mapByTheTable_decimalOrHex_andUnknownCodesStay() {
    String[][] table = {
        {"0", "untrusted"}, {"4096", "low"}, {"8192", "medium"}, {"8448", "medium_plus"}, {"12288", "high"},
        {"16384", "system"}, {"20480", "protected"}, {"0x3000", "high"}, {"0X2000", "medium"}, {"0x0000", "untrusted"},
        {"12345", "12345"}, {"0x3001", "0x3001"}, {"High", "High"}, {"", "null"}, {"-", "null"}, {"12288 ", "12288 "},
    };
    for (String[] row : table) {
      String line = Corpus.panther(1).replace("\"IntegrityLevel\":\"12288\"", "\"IntegrityLevel\":\"" + row[0] + "\"");
      List<ProcessEvent> out = new ArrayList<>();
      Corpus.read(Corpus.reader(), "t", out, line);
      assertThat(out).hasSize(1);
      assertThat(out.get(0).get(Field.PROCESS_INTEGRITY_LEVEL)).as(row[0]).isEqualTo(row[1]);
    }
  }

  @Test
  void processHash_prefersSha256HashData_elseSha256HashString() {
    String both = Corpus.panther(1).replace("\"SHA256HashData\"", "\"SHA256HashString\":\"ffff\",\"SHA256HashData\"");
    String onlyString = Corpus.panther(1).replace("\"SHA256HashData\"", "\"SHA256HashString\"");
    String emptyData = Corpus.panther(1).replace("\"SHA256HashData\":\"" + HASH_PANTHER + "\"",
        "\"SHA256HashData\":\"\",\"SHA256HashString\":\"abcd\"");
    List<ProcessEvent> out = new ArrayList<>();
    Corpus.read(Corpus.reader(), "t", out, both, onlyString, emptyData);
    assertThat(out).extracting(e -> e.get(Field.PROCESS_HASH)).containsExactly(HASH_PANTHER, HASH_PANTHER, "abcd");
  }

  @Test
  void computerName_isDest_andEmptyCountsAsMissing() {
    String named = Corpus.panther(1).replace("\"aid\":", "\"ComputerName\":\"WKS-0042\",\"aid\":");
    String empty = Corpus.panther(1).replace("\"aid\":", "\"ComputerName\":\"\",\"aid\":");
    List<ProcessEvent> out = new ArrayList<>();
    Corpus.read(Corpus.reader(), "t", out, named, empty);
    assertThat(out).extracting(e -> e.get(Field.DEST)).containsExactly("WKS-0042", "unknown");
  }

  @Test
  void timestamp_acceptsAJsonNumber_rejectsOtherForms() {
    String number = Corpus.panther(1).replace("\"timestamp\":\"1682368416719\"", "\"timestamp\":1682368416719");
    String isoText = Corpus.panther(1).replace("\"timestamp\":\"1682368416719\"", "\"timestamp\":\"2023-04-24T20:33:36Z\"");
    String fraction = Corpus.panther(1).replace("\"timestamp\":\"1682368416719\"", "\"timestamp\":1682368416.719");
    String huge = Corpus.panther(1).replace("\"timestamp\":\"1682368416719\"", "\"timestamp\":\"99999999999999999999\"");
    List<ProcessEvent> out = new ArrayList<>();
    ReadSummary s = Corpus.read(Corpus.reader(), "t", out, number, isoText, fraction, huge);
    assertThat(out).extracting(ProcessEvent::time).containsExactly(PANTHER_TIME);
    assertThat(s.rejections()).extracting(Rejection::line, Rejection::field, Rejection::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2L, "timestamp", "not epoch milliseconds"),
        org.assertj.core.groups.Tuple.tuple(3L, "timestamp", "not epoch milliseconds"),
        org.assertj.core.groups.Tuple.tuple(4L, "timestamp", "not epoch milliseconds"));
  }

  @Test
  void serviceLoader_findsTheFormat_throughEventReaderDiscovery() {
    EventReader reader = EventReader.builder().addDiscoveredFormats(getClass().getClassLoader()).build();
    assertThat(reader.formats()).extracting(EventFormat::id).contains("crowdstrike-fdr");
    assertThat(ServiceLoader.load(EventFormat.class, getClass().getClassLoader()).stream())
        .anySatisfy(p -> assertThat(p.type()).isEqualTo(CrowdStrikeFormat.class));
  }

  @Test
  void learnedHosts_takeASixteenthOfTheHeap_withinBounds() {
    assertThat(CrowdStrikeFormat.learnedHostsFor(16L << 20)).isEqualTo(4096);
    assertThat(CrowdStrikeFormat.learnedHostsFor(64L << 20)).isEqualTo(16_384);
    assertThat(CrowdStrikeFormat.learnedHostsFor(256L << 20)).isEqualTo(CrowdStrikeFormat.MAX_LEARNED_HOSTS);
    assertThat(CrowdStrikeFormat.learnedHostsFor(Long.MAX_VALUE)).isEqualTo(CrowdStrikeFormat.MAX_LEARNED_HOSTS);
    assertThat(CrowdStrikeFormat.learnedHostsFor(1L << 20)).isEqualTo(1024);
  }
}
