// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.data;
import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.winevent.evtxwriter.SampleFiles;
import io.tunnelwatch.winevent.jsonforms.EvtxDumpStyle;
import io.tunnelwatch.winevent.jsonforms.JsonForms;
import io.tunnelwatch.winevent.jsonforms.NxlogVariant;
import io.tunnelwatch.winevent.jsonforms.SourceEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End-to-end runs of {@code tunnelwatch scan} on Windows events rendered as JSON (DESIGN.md 4.3):
 * the constructed devtunnel executions of {@code examples/data} written in each form must give the
 * rows of their XML lines, but for what the form loses. The JSON is written by winevent's test
 * converters ({@code jsonforms}, checked key by key against real examples of each form).
 */
final class ScanCommandJsonTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The forms, each as the tool named writes one event (on a host whose clock is in the zone given). */
  enum Form {
    /** {@code evtx_dump -o jsonl} (the Rust {@code evtx} crate), as Chainsaw and Zircolite read it. */
    EVTX_DUMP,
    /** evtx_dump's older renderer: an empty {@code Data} element as {@code null}. */
    EVTX_DUMP_EMPTY_DATA_NULL,
    /** {@code evtx_dump --separate-json-attributes}, as Hayabusa reads it. */
    EVTX_DUMP_SEPARATE_ATTRIBUTES,
    /** Winlogbeat 8's file output: raw ECS with the Beats {@code @metadata}. */
    WINLOGBEAT,
    /** Elastic's ingest pipeline applied, with {@code event.original} (Winlogbeat's {@code include_xml}). */
    ELASTIC_WITH_ORIGINAL,
    /** Elastic's ingest pipeline applied, without {@code event.original}. */
    ELASTIC,
    /** NXLog {@code im_msvistalog} with {@code to_json()}: local times without a zone. */
    NXLOG,
    /** OTRF/HELK flat EventData: local times marked {@code Z}. */
    HELK,
    /** A Sentinel {@code SecurityEvent} row (Security events only). */
    SENTINEL;

    private String render(SourceEvent e, ZoneId hostZone) {
      return switch (this) {
        case EVTX_DUMP -> JsonForms.evtxDump(e, EvtxDumpStyle.PLAIN);
        case EVTX_DUMP_EMPTY_DATA_NULL -> JsonForms.evtxDump(e, EvtxDumpStyle.PLAIN.with(EvtxDumpStyle.EmptyData.NULL));
        case EVTX_DUMP_SEPARATE_ATTRIBUTES -> JsonForms.evtxDump(e, EvtxDumpStyle.HAYABUSA);
        case WINLOGBEAT -> JsonForms.ecsRawWithMetadata(e);
        case ELASTIC_WITH_ORIGINAL -> JsonForms.ecsIngestedWithOriginal(e);
        case ELASTIC -> JsonForms.ecsIngested(e);
        case NXLOG -> JsonForms.nxlog(e, hostZone, NxlogVariant.CLASSIC);
        case HELK -> JsonForms.helk(e, hostZone);
        case SENTINEL -> JsonForms.sentinel(e);
      };
    }

    /** The events as this form's objects, written on a host whose clock is in {@code hostZone}. */
    List<String> objects(List<SourceEvent> events, ZoneId hostZone) {
      return events.stream().map(e -> render(e, hostZone)).toList();
    }

    /** The objects one per line. */
    String lines(List<SourceEvent> events, ZoneId hostZone) {
      return JsonForms.jsonLines(objects(events, hostZone));
    }
  }

  private static final String SYSMON_PROVIDER = "Microsoft-Windows-Sysmon";

  /** The constructed executions: three Sysmon EID 1, two Security 4688. */
  private static final List<SourceEvent> EVENTS = SampleFiles.eventLines(List.of(
      Path.of(data("constructed-devtunnel-sysmon.xml")), Path.of(data("constructed-devtunnel-4688.xml"))))
      .stream().map(SourceEvent::parse).toList();
  private static final List<SourceEvent> SECURITY =
      EVENTS.stream().filter(e -> !SYSMON_PROVIDER.equals(e.event().provider())).toList();
  private static final List<SourceEvent> SYSMON =
      EVENTS.stream().filter(e -> SYSMON_PROVIDER.equals(e.event().provider())).toList();

  private static final String ZONELESS_UTC =
      "\nzoneless     2 events had a time without a zone, read in UTC (the default; see --source-zone)\n";

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Path write(String name, Form form, List<SourceEvent> events, ZoneId hostZone) throws IOException {
    return write(name, form.lines(events, hostZone));
  }

  /** The rows of the events' own XML lines. */
  private String xmlRows(List<SourceEvent> events) throws IOException {
    StringBuilder xml = new StringBuilder();
    events.forEach(e -> xml.append(e.xml()).append('\n'));
    CliRun r = run("scan", "-o", "jsonl", write("events.xml", xml.toString()).toString());
    assertThat(r.status()).isZero();
    assertThat(r.out().lines()).hasSize(events.size());
    return r.out();
  }

  /** The XML's rows with {@code change} applied to each of those {@code which} selects. */
  private List<Map<String, Object>> xmlRowsChanged(List<SourceEvent> events, Consumer<Map<String, Object>> change)
      throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> row : parse(xmlRows(events))) {
      change.accept(row);
      rows.add(row);
    }
    return rows;
  }

  private static List<Map<String, Object>> parse(String jsonl) throws JsonProcessingException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : jsonl.lines().toList()) {
      rows.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {}));
    }
    return rows;
  }

  private static CliRun scan(Path file, String... options) {
    List<String> args = new ArrayList<>(List.of("scan", "-o", "jsonl"));
    args.addAll(List.of(options));
    args.add(file.toString());
    return run(args.toArray(new String[0]));
  }

  // ---- each form gives the row of the XML

  @ParameterizedTest
  @EnumSource(names = {"EVTX_DUMP", "EVTX_DUMP_EMPTY_DATA_NULL", "EVTX_DUMP_SEPARATE_ATTRIBUTES", "WINLOGBEAT",
      "ELASTIC_WITH_ORIGINAL", "NXLOG"})
  void jsonLines_giveTheRowsOfTheXmlLines(Form form) throws IOException {
    CliRun r = scan(write("events.jsonl", form, EVENTS, ZoneOffset.UTC));
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(xmlRows(EVENTS));
    assertThat(r.err()).startsWith("lines read   0 (1 input)\nrecords      5\nevents       5 (sysmon 3, winsecurity-4688 2)\n")
        .contains("\nrejected     0\n");
  }

  @Test
  void sentinelSecurityEventRows_giveTheRowsOfTheXmlLines() throws IOException {
    CliRun r = scan(write("securityevent.json", Form.SENTINEL, SECURITY, ZoneOffset.UTC));
    assertThat(r.out()).isEqualTo(xmlRows(SECURITY));
    assertThat(r.err()).contains("\nevents       2 (winsecurity-4688 2)\n").contains("\nrejected     0\n");
  }

  @Test
  void elasticIngested_losesTheAllZeroHashesItsPipelineDropped_andNothingElse() throws IOException {
    CliRun r = scan(write("ingested.ndjson", Form.ELASTIC, EVENTS, ZoneOffset.UTC));
    // The Sysmon pipeline deletes Hashes after splitting it into process.hash.*, where all-zero
    // hashes (the constructed ones) are dropped: process_hash follows the missing-value rule.
    assertThat(parse(r.out())).containsExactlyInAnyOrderElementsOf(xmlRowsChanged(EVENTS, row -> {
      if ("Microsoft Sysmon".equals(row.get("vendor_product"))) {
        row.put("process_hash", "null");
      }
    }));
  }

  @Test
  void elasticIngested_rebuildsTheHashesThePipelineSplit() throws IOException {
    SourceEvent e = SYSMON.get(0);
    String hashes = "SHA1=1D5491E3C468EE4B3A6D2D8B9C2A8F3C0E3C4B5A,MD5=0A1B2C3D4E5F60718293A4B5C6D7E8F9,"
        + "SHA256=2F1A9C0B8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A3928170605F4E3,IMPHASH=6E3B2A1908F7E6D5C4B3A2918070F6E5";
    SourceEvent hashed = SourceEvent.parse(e.xml().replaceFirst("SHA1=[^<]*", hashes));
    CliRun r = scan(write("ingested.ndjson", Form.ELASTIC, List.of(hashed), ZoneOffset.UTC));
    assertThat(parse(r.out())).singleElement().satisfies(row -> assertThat(row.get("process_hash")).isEqualTo(hashes));
    assertThat(r.out()).isEqualTo(xmlRows(List.of(hashed)));
  }

  @Test
  void helk_losesTheSysmonUserId_andNothingElse() throws IOException {
    CliRun r = scan(write("helk.jsonl", Form.HELK, EVENTS, ZoneOffset.UTC));
    assertThat(parse(r.out())).containsExactlyInAnyOrderElementsOf(xmlRowsChanged(EVENTS, row -> {
      if ("Microsoft Sysmon".equals(row.get("vendor_product"))) {
        row.put("user_id", "null"); // HELK keeps no System/Security/@UserID
      }
    }));
  }

  @Test
  void helkSecurityTime_isTheHostsLocalTimeMarkedZ_whichSourceZoneCannotCorrect() throws IOException {
    // HELK's TimeCreated says Z but holds the host's local time (the OTRF corpus's Sysmon UtcTime
    // shows it); 4688 has no UtcTime, so its time is off by the host's offset, and a time that
    // names its zone is not zone-less.
    Path file = write("helk.jsonl", Form.HELK, SECURITY, ZoneId.of("America/New_York"));
    for (CliRun r : List.of(scan(file), scan(file, "--source-zone=America/New_York"))) {
      assertThat(parse(r.out())).extracting(row -> row.get("firstTime")).containsExactly("2024-04-23T04:55:12", "2024-04-23T05:01:45");
      assertThat(r.err()).doesNotContain("zoneless");
    }
  }

  // ---- how the objects are laid out in the file

  @Test
  void prettyPrintedObjectsBackToBack_andAnArray_giveTheRowsOfOneObjectPerLine() throws IOException {
    List<String> objects = Form.EVTX_DUMP.objects(EVENTS, ZoneOffset.UTC);
    String expected = xmlRows(EVENTS);
    for (Path file : List.of(write("pretty.json", JsonForms.prettyConcatenated(objects)),
        write("array.json", JsonForms.prettyArray(objects)))) {
      CliRun r = scan(file);
      assertThat(r.out()).as(file.getFileName().toString()).isEqualTo(expected);
      assertThat(r.err()).contains("\nrecords      5\n").contains("\nrejected     0\n");
    }
  }

  @Test
  void byteOrderMarkCrLfAndGzip_readLikeThePlainLines() throws IOException {
    String lines = Form.WINLOGBEAT.lines(EVENTS, ZoneOffset.UTC);
    Path crlf = tmp.resolve("crlf.json");
    Files.write(crlf, ("\uFEFF" + lines.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(lines.getBytes(StandardCharsets.UTF_8));
    }
    Path gzipped = Files.write(tmp.resolve("winlogbeat.ndjson.gz"), gz.toByteArray());
    String expected = xmlRows(EVENTS);
    assertThat(scan(crlf).out()).isEqualTo(expected);
    assertThat(scan(gzipped).out()).isEqualTo(expected);
  }

  @Test
  void directory_readsNdjsonJsonAndJsonlFiles() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("exports"));
    Files.writeString(dir.resolve("winlogbeat-20240423.ndjson"), Form.WINLOGBEAT.lines(SYSMON, ZoneOffset.UTC));
    Files.writeString(dir.resolve("nxlog.json"), Form.NXLOG.lines(SECURITY, ZoneOffset.UTC));
    Files.writeString(dir.resolve("chainsaw.jsonl"), Form.EVTX_DUMP.lines(EVENTS, ZoneOffset.UTC));
    CliRun r = scan(dir);
    assertThat(r.err()).startsWith("lines read   0 (3 inputs)\nrecords      10\n");
    assertThat(parse(r.out())).extracting(row -> row.get("count")).containsOnly(2);
    assertThat(r.out().lines()).hasSize(5);
  }

  // ---- the source zone

  @Test
  void sourceZone_readsNxlogLocalTimesInIt_andTheSummarySaysWhichZoneWasAssumed() throws IOException {
    Path paris = write("nxlog.json", Form.NXLOG, SECURITY, ZoneId.of("Europe/Paris"));

    CliRun assumedUtc = scan(paris);
    assertThat(parse(assumedUtc.out())).extracting(row -> row.get("firstTime"))
        .containsExactly("2024-04-23T10:55:12", "2024-04-23T11:01:45");
    assertThat(assumedUtc.err()).contains(ZONELESS_UTC);

    CliRun named = scan(paris, "--source-zone=Europe/Paris");
    assertThat(named.out()).isEqualTo(xmlRows(SECURITY));
    assertThat(named.err()).contains(
        "\nzoneless     2 events had a time without a zone, read in Europe/Paris (--source-zone)\n");
    assertThat(scan(paris, "--source-zone", "+02:00").out()).isEqualTo(named.out());
  }

  @Test
  void sourceZone_isNotTheZoneOfTheOutput() throws IOException {
    Path paris = write("nxlog.json", Form.NXLOG, SECURITY.subList(0, 1), ZoneId.of("Europe/Paris"));
    // Read in Paris and written in Paris: the wall-clock time NXLog wrote, 10:55:12 (08:55:12 UTC).
    assertThat(parse(scan(paris, "--source-zone=Europe/Paris", "--zone=Europe/Paris").out()))
        .extracting(row -> row.get("firstTime")).containsExactly("2024-04-23T10:55:12");
    // Read as UTC (the default) and written in Paris: two hours late.
    assertThat(parse(scan(paris, "--zone=Europe/Paris").out()))
        .extracting(row -> row.get("firstTime")).containsExactly("2024-04-23T12:55:12");
  }

  @Test
  void sysmonUtcTime_isNeverZoneless() throws IOException {
    CliRun r = scan(write("nxlog.json", Form.NXLOG, SYSMON, ZoneId.of("Europe/Paris")));
    assertThat(r.out()).isEqualTo(xmlRows(SYSMON));
    assertThat(r.err()).doesNotContain("zoneless");
  }

  @Test
  void sourceZoneThatIsNoZone_isAUsageErrorNamingOptionAndValue() {
    CliRun r = run("scan", "--source-zone", "Europe/Pariss", data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("tunnelwatch scan: Invalid value for option '--source-zone': 'Europe/Pariss' is not a"
        + " time zone such as UTC, Europe/Paris or +02:00 (see 'tunnelwatch scan --help')\n");
  }

  // ---- real renderings (shared/corpus: read from there, never copied)

  private static Path corpus(String dir) {
    Optional<Path> c = CliRun.corpus(dir);
    assumeTrue(c.isPresent(), "shared/corpus/" + dir + " not found above " + Path.of("").toAbsolutePath()
        + ": its files may not be copied into the repository, so this test is skipped");
    return c.orElseThrow();
  }

  @Test
  void corpusJsonShapes_rejectOnlyTheFormThatIsNoneAndTheRowWithoutATime() {
    Path dir = corpus("json-shapes");
    CliRun r = run("scan", "--no-prefilter", dir.toString());
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo("No result rows.\n");
    // Defender's DeviceProcessEvents is not a Windows event rendering (its one line goes to the line
    // formats, and CrowdStrike's refuses it); the Sentinel example row has no TimeGenerated. The
    // other seven are read; NXLog's 4688 EventTime has no zone.
    assertThat(r.err()).isEqualTo("lines read   1 (9 inputs)\n"
        + "records      8\n"
        + "events       7 (sysmon 4, winsecurity-4688 3)\n"
        + ScanFindingsTest.SYSMON_COVERAGE + ScanFindingsTest.SECURITY_COVERAGE
        + "skipped      0\n"
        + "rejected     2\n"
        + "  " + dir.resolve("mde_eventhub_deviceprocessevents.json")
        + ":1: crowdstrike-fdr: field event_simpleName: missing: not a CrowdStrike FDR event\n"
        + "  " + dir.resolve("sentinel_securityevent_4688_row.json")
        + ":1: winsecurity-4688: field SystemTime: System/TimeCreated/@SystemTime is missing or not a valid UTC time\n"
        + "zoneless     1 event had a time without a zone, read in UTC (the default; see --source-zone)\n"
        + "matches      0\n"
        + "rows         0\n"
        + "suppressed   0\n"
        + "time X\n");
  }

  @Test
  void corpusOtrf_readsEveryEvent() {
    Path dir = corpus("otrf");
    CliRun r = run("scan", "--no-prefilter", dir.toString());
    assertThat(r.status()).isZero();
    // Zone-less: the 9 NXLog 4688 EventTimes and 7 HELK 4688 TimeCreated ("2020-10-19 03:30:46.251");
    // the NXLog Sysmon events are timed by UtcTime.
    assertThat(r.err()).startsWith("lines read   0 (2 inputs)\nrecords      73\nevents       73 (sysmon 36, winsecurity-4688 37)\n")
        .contains("\nrejected     0\n")
        .contains("\nzoneless     16 events had a time without a zone, read in UTC (the default; see --source-zone)\n");
  }
}
