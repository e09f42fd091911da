// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.data;
import static io.tunnelwatch.cli.CliRun.resource;
import static io.tunnelwatch.cli.CliRun.run;
import static io.tunnelwatch.cli.CliRun.withStdin;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code tunnelwatch scan} on files, asserting exact output and exit status. */
final class ScanCommandTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(b)) {
      gz.write(plain);
    }
    return b.toByteArray();
  }

  private static byte[] bytes(String dataFile) throws IOException {
    return Files.readAllBytes(Path.of(data(dataFile)));
  }

  @Test
  void sysmon_jsonlHasExactlyTheRowsOfTheMapping() {
    CliRun r = run("scan", "-o", "jsonl", data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.out()).isEqualTo(resource("expected/sysmon.jsonl"));
    assertThat(r.status()).isZero();
  }

  @Test
  void security4688_jsonlHasExactlyTheRowsOfTheMapping() {
    CliRun r = run("scan", "--output=jsonl", data("constructed-devtunnel-4688.xml"));
    assertThat(r.out()).isEqualTo(resource("expected/4688.jsonl"));
    assertThat(r.status()).isZero();
  }

  @Test
  void crowdStrike_jsonlTakesTheHostNameFromTheAidMasterLine() {
    CliRun r = run("scan", "-o", "JSONL", data("constructed-devtunnel-crowdstrike.jsonl"));
    assertThat(r.out()).isEqualTo(resource("expected/crowdstrike.jsonl"));
    assertThat(r.status()).isZero();
  }

  @Test
  void sampleDirectory_mixesTheThreeFormatsIntoOneSortedResult() {
    CliRun r = run("scan", "-o", "jsonl", CliRun.DATA.toString());
    assertThat(r.out()).isEqualTo(resource("expected/all.jsonl"));
    assertThat(r.status()).isZero();
  }

  @Test
  void directory_isReadRecursively_inPathOrder_andALinkLoopOnce() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("logs"));
    Path deep = Files.createDirectories(root.resolve("b/c"));
    Files.write(root.resolve("a.xml"), bytes("constructed-devtunnel-4688.xml"));
    Files.write(deep.resolve("sysmon.xml"), bytes("constructed-devtunnel-sysmon.xml"));
    Files.write(deep.resolve("ignored.bin"), new byte[] {1, 2, 3});
    Files.createDirectory(root.resolve(".hidden"));
    Files.write(root.resolve(".hidden/h.xml"), bytes("constructed-devtunnel-sysmon.xml"));
    Files.createSymbolicLink(deep.resolve("loop"), root);
    CliRun r = run("scan", "-o", "jsonl", root.toString());
    CliRun expected = run("scan", "-o", "jsonl", data("constructed-devtunnel-4688.xml"), data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.out()).isEqualTo(expected.out()).isNotEmpty();
    assertThat(r.err()).contains("(2 inputs)");
    assertThat(r.status()).isZero();
  }

  @Test
  void realCorpusAlone_hasNoDetection() {
    CliRun r = run("scan", "-o", "jsonl", data("otrf-sysmon-eid1.jsonl"), data("otrf-security-4688.jsonl.gz"),
        data("crowdstrike-processrollup2.jsonl"), data("security-content-examples.mixed.log"));
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("\nrows         0\n");
    assertThat(r.status()).isZero();
  }

  @Test
  void gzipFile_readsLikeThePlainFile() throws IOException {
    Path gz = tmp.resolve("sysmon.xml.gz");
    Files.write(gz, gzip(bytes("constructed-devtunnel-sysmon.xml")));
    CliRun r = run("scan", "-o", "jsonl", gz.toString());
    assertThat(r.out()).isEqualTo(resource("expected/sysmon.jsonl"));
  }

  @Test
  void stdin_isReadForDashPlainOrGzipped() throws IOException {
    byte[] plain = bytes("constructed-devtunnel-4688.xml");
    assertThat(withStdin(plain, "scan", "-o", "jsonl", "-").out()).isEqualTo(resource("expected/4688.jsonl"));
    assertThat(withStdin(gzip(plain), "scan", "-o", "jsonl", "-").out()).isEqualTo(resource("expected/4688.jsonl"));
  }

  @Test
  void csv_hasAHeaderAndEveryColumn() {
    CliRun r = run("scan", "-o", "csv", data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.out()).isEqualTo(resource("expected/sysmon.csv"));
  }

  @Test
  void table_showsTheChosenColumnsAligned() {
    CliRun r = run("scan", "--columns", "firstTime,count,dest,process_name,original_file_name",
        data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.out()).isEqualTo("""
        firstTime            count  dest         process_name   original_file_name
        -------------------  -----  -----------  -------------  ------------------
        2024-04-23T08:48:30      1  WKS-DEV-042  devtunnel.exe  devtunnel.dll
        2024-04-23T08:52:10      1  WKS-DEV-042  devtunnel.exe  devtunnel.dll
        2024-04-23T09:05:00      1  WKS-DEV-042  msupdate.exe   devtunnel.dll
        """);
  }

  @Test
  void zone_rendersFirstAndLastTimeInThatZone() {
    CliRun r = run("scan", "--zone", "Europe/Paris", "--columns", "firstTime,lastTime",
        data("constructed-devtunnel-crowdstrike.jsonl"));
    assertThat(r.out()).isEqualTo("""
        firstTime            lastTime
        -------------------  -------------------
        2024-04-23T11:20:00  2024-04-23T11:20:00
        """);
  }

  @Test
  void earliestAndLatest_restrictTheTimeRangeStartInclusiveEndExclusive() {
    CliRun r = run("scan", "--columns", "firstTime", "--earliest", "2024-04-23T08:52:10Z",
        "--latest", "2024-04-23T11:05:00+02:00", data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.out()).isEqualTo("""
        firstTime
        -------------------
        2024-04-23T08:52:10
        """);
    assertThat(r.err()).contains("\nout of range 2\n");
  }

  @Test
  void schedule_givesEachRowItsWindowAndReportsLateEvents() {
    CliRun r = run("scan", "--schedule", "-o", "jsonl", CliRun.DATA.toString());
    assertThat(r.out()).isEqualTo(resource("expected/all.schedule.jsonl"));
    // The 08:48:30 Sysmon execution arrives after the 4688 events of 08:55 and 09:01 moved time past
    // its window's end, four times: from constructed-devtunnel-nxlog.json, -sysmon.xml,
    // -winlogbeat.ndjson and the .evtx, each reported as its own late row.
    assertThat(r.err()).contains("\nrows         9 (4 late, from 4 late events)\n");
  }

  @Test
  void schedule_inTimeOrderHasNoLateRow() {
    CliRun r = run("scan", "--schedule", "--columns", "window_start,window_end,late,firstTime",
        data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.out()).isEqualTo("""
        window_start         window_end           late   firstTime
        -------------------  -------------------  -----  -------------------
        2024-04-23T07:50:00  2024-04-23T08:50:00  false  2024-04-23T08:48:30
        2024-04-23T08:50:00  2024-04-23T09:50:00  false  2024-04-23T08:52:10
        2024-04-23T08:50:00  2024-04-23T09:50:00  false  2024-04-23T09:05:00
        """);
  }

  /** The constructed Sysmon events after a copy of the first dated 2099. */
  private Path skewedFile() throws IOException {
    java.util.List<String> lines = Files.readAllLines(Path.of(data("constructed-devtunnel-sysmon.xml")));
    String future = lines.get(0).replace("2024-04-23T08:48:30", "2099-04-23T08:48:30")
        .replace("2024-04-23 08:48:30", "2099-04-23 08:48:30");
    Path file = tmp.resolve("skewed.xml");
    Files.writeString(file, future + "\n" + String.join("\n", lines) + "\n");
    return file;
  }

  /** The case: one event dated 2099 made every later event late. */
  @Test
  void schedule_eventFarInTheFuture_makesNoOtherEventLate_andIsListed() throws IOException {
    Path file = skewedFile();
    CliRun r = run("scan", "--schedule", "--columns", "window_start,late,firstTime", file.toString());
    assertThat(r.status()).isEqualTo(ExitStatus.OK);
    assertThat(r.out()).isEqualTo("""
        window_start         late   firstTime
        -------------------  -----  -------------------
        2024-04-23T07:50:00  false  2024-04-23T08:48:30
        2024-04-23T08:50:00  false  2024-04-23T08:52:10
        2024-04-23T08:50:00  false  2024-04-23T09:05:00
        2099-04-23T07:50:00  false  2099-04-23T08:48:30
        """);
    assertThat(r.err())
        .contains("\nfuture       1 event(s) dated beyond the clock plus --max-clock-skew (10m, the default)")
        .contains("\n  2099-04-23T08:48:30.449Z dest ")
        .contains(file + ":1 (sysmon)\n");
  }

  @Test
  void maxClockSkew_isRefusedWithoutSchedule_orWhenNegative_andWidensTheBound() throws IOException {
    CliRun r = run("scan", "--max-clock-skew", "1h", data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).contains("--max-clock-skew applies to --schedule, not to a scan without --schedule");
    CliRun bad = run("scan", "--schedule", "--max-clock-skew", "-5m", data("constructed-devtunnel-sysmon.xml"));
    assertThat(bad.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(bad.err()).contains("'-5m' is not a duration such as 500ms, 90s, 10m, 2h, 1d or PT10M");
    CliRun wide = run("scan", "--schedule", "--max-clock-skew", "P36500D", "--columns", "late", skewedFile().toString());
    assertThat(wide.err()).doesNotContain("\nfuture");
    assertThat(wide.out()).as("the 2099 event advanced time: the rest is late").contains("true");
  }

  @Test
  void riskFileThatCannotBeWritten_exitsThreeBeforeReading() {
    Path risk = tmp.resolve("no-such-dir").resolve("risk.jsonl");
    CliRun r = run("scan", "--risk", risk.toString(), data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("tunnelwatch scan: cannot write --risk " + risk + ": no such file\n");
  }

  @Test
  void scheduleWithEarliest_leavesOutEarlierEventsBeforeTheyReachAWindow() {
    CliRun r = run("scan", "--schedule", "--earliest", "2024-04-23T08:50:00Z", "--columns", "window_start,firstTime",
        data("constructed-devtunnel-sysmon.xml"));
    assertThat(r.out()).isEqualTo("""
        window_start         firstTime
        -------------------  -------------------
        2024-04-23T08:50:00  2024-04-23T08:52:10
        2024-04-23T08:50:00  2024-04-23T09:05:00
        """);
    assertThat(r.err()).contains("\nout of range 1\n");
  }

  @Test
  void expiredAllowlistEntry_noLongerSuppressesAndIsReported() throws IOException {
    Path allow = tmp.resolve("allow.json");
    Files.writeString(allow, "{\"entries\": [{\"match\": {\"dest\": \"ar-win-1\"}, \"reason\": \"pilot\","
        + " \"owner\": \"it\", \"expires\": \"2020-01-31\"}]}");
    CliRun r = run("scan", "-o", "jsonl", "--allowlist", allow.toString(), data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(resource("expected/4688.jsonl"));
    assertThat(r.err()).startsWith("warning: allowlist " + allow + " entry 1 (pilot, owner it) expired on 2020-01-31"
        + " and no longer suppresses\n");
  }

  @Test
  void verbose_addsTheStackTraceToTheErrorLine() {
    CliRun quiet = run("scan", "--strict", BAD_LINES);
    CliRun verbose = run("scan", "--strict", "--verbose", BAD_LINES);
    assertThat(quiet.err().lines()).hasSize(1);
    assertThat(verbose.err()).startsWith(quiet.err())
        .contains("io.tunnelwatch.core.MalformedLineException")
        .contains("\tat io.tunnelwatch.core.EventReader");
  }

  @Test
  void risk_writesOneRiskEventPerKeptRow() throws IOException {
    Path risk = tmp.resolve("risk.jsonl");
    CliRun r = run("scan", "-o", "jsonl", "--risk", risk.toString(), CliRun.DATA.toString());
    assertThat(r.status()).isZero();
    assertThat(Files.readString(risk)).isEqualTo(resource("expected/all.risk.jsonl"));
  }

  @Test
  void allowlist_suppressesTheListedRowAndShowSuppressedSaysWhy() throws IOException {
    Path risk = tmp.resolve("risk.jsonl");
    CliRun r = run("scan", "-o", "jsonl", "--allowlist", Path.of("..", "allowlist.json").toString(),
        "--show-suppressed", "--risk", risk.toString(), CliRun.DATA.toString());
    assertThat(r.out()).isEqualTo(resource("expected/all.allowlisted.jsonl"));
    assertThat(r.err()).contains("suppressed by allowlist " + Path.of("..", "allowlist.json")
        + ": allowlist entry 1: devtunnel sign-in on the build agent, approved in change CHG-1042"
        + " (owner secops@example.com): dest=ar-win-1 user=dev process_name=devtunnel.exe count=4"
        + " firstTime=2024-04-23T08:55:12 lastTime=2024-04-23T08:55:12\n");
    assertThat(r.err()).contains("\nrows         5\nsuppressed   1\n");
    assertThat(Files.readAllLines(risk)).hasSize(5).noneMatch(l -> l.contains("user login"));
  }

  @Test
  void allowlistThatIsMalformed_isAUsageErrorNamingTheEntryAndField() throws IOException {
    Path bad = tmp.resolve("allow.json");
    Files.writeString(bad, "{\"entries\": [{\"match\": {\"host\": \"x\"}, \"reason\": \"r\", \"owner\": \"o\"}]}");
    CliRun r = run("scan", "--allowlist", bad.toString(), data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("tunnelwatch scan: --allowlist: " + bad + ": entry 1, field 'match.host': no field named 'host'");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void failOnDetection_exitsOneWhenARowIsFoundAndZeroOtherwise() {
    assertThat(run("scan", "--fail-on-detection", data("constructed-devtunnel-4688.xml")).status())
        .isEqualTo(ExitStatus.DETECTION);
    assertThat(run("scan", "--fail-on-detection", data("otrf-security-4688.jsonl.gz")).status()).isZero();
  }

  @Test
  void pluginsDirWithABrokenJar_warnsAndScans() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("plugins"));
    try (ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(dir.resolve("broken.jar")))) {
      jar.putNextEntry(new ZipEntry("META-INF/services/io.tunnelwatch.core.spi.DetectionFilter"));
      jar.write("com.example.NoSuchFilter\n".getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    CliRun r = run("scan", "-o", "jsonl", "--plugins", dir.toString(), data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(resource("expected/4688.jsonl"));
    assertThat(r.err()).startsWith("warning: a DetectionFilter provider failed to load: ")
        .contains("com.example.NoSuchFilter");
  }

  @Test
  void pluginsDirWithoutJars_warnsAndScans() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    CliRun r = run("scan", "--plugins", dir.toString(), data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isZero();
    assertThat(r.err()).startsWith("warning: --plugins " + dir + " holds no jar\n");
  }

  @Test
  void pluginsThatIsNotADirectory_exitsThree() {
    CliRun r = run("scan", "--plugins", tmp.resolve("nope").toString(), data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.err()).isEqualTo("tunnelwatch scan: cannot read --plugins " + tmp.resolve("nope") + ": not a directory\n");
  }

  /** Issue 12, item 6: one failed input ended the scan with no rows at all, even from the good inputs. */
  @Test
  void missingAndDamagedInputs_areReportedAtTheEnd_afterTheRowsOfTheOthers() throws IOException {
    Path gz = tmp.resolve("cut.xml.gz");
    byte[] whole = gzip((new String(bytes("constructed-devtunnel-sysmon.xml"), StandardCharsets.UTF_8)
        + new String(bytes("otrf-sysmon-eid1.jsonl"), StandardCharsets.UTF_8).repeat(4)).getBytes(StandardCharsets.UTF_8));
    Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2)); // the devtunnel events are before the cut
    CliRun r = run("scan", "-o", "jsonl", "no-such-file.xml", gz.toString(), data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    CliRun expected = run("scan", "-o", "jsonl", data("constructed-devtunnel-sysmon.xml"), data("constructed-devtunnel-4688.xml"));
    assertThat(r.out().lines().sorted()).containsExactlyElementsOf(expected.out().lines().sorted().toList());
    assertThat(r.err()).contains("\nfailed       2 of 3 inputs (listed at the end; exit status 3)\n");
    assertThat(r.err()).endsWith("tunnelwatch scan: cannot read no-such-file.xml: no such file\n"
        + "tunnelwatch scan: cannot read " + gz + " to its end (stopped after line "
        + r.err().replaceAll("(?s).*stopped after line ([0-9]+).*", "$1")
        + "): EOFException: Unexpected end of ZLIB input stream\n");
  }

  /** Issue 12, item 8: a file of no known format, or a directory without event files, found nothing and exited 0. */
  @Test
  void inputOfNoKnownFormat_andDirectoryWithoutEventFiles_exitThree() throws IOException {
    Path random = Files.writeString(tmp.resolve("random.log"), "just some text\nand more\n");
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Files.writeString(empty.resolve("notes.md"), "x");
    CliRun r = run("scan", "-o", "jsonl", random.toString(), empty.toString(), data("constructed-devtunnel-4688.xml"));
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.out()).isEqualTo(resource("expected/4688.jsonl"));
    assertThat(r.err()).endsWith("tunnelwatch scan: " + random + ": no line is of a known format (2 rejected;"
        + " formats: crowdstrike-fdr, sysmon, winsecurity-4688): is it an event log?\n"
        + "tunnelwatch scan: no event file found in " + empty + " (*.evtx, *.xml, *.json, *.jsonl, *.ndjson, *.log,"
        + " *.txt, each also rotated (*.log.1) and gzipped (*.gz))\n");
  }

  /**
   * Issue 12, item 5: CR-only line ends, files joined with their BOMs, UTF-16 (PowerShell's {@code >},
   * Event Viewer's export) and UTF-32 with or without a BOM all give the rows of the UTF-8 file.
   */
  @Test
  void lineEndsAndEncodings_giveTheRowsOfTheUtf8File() throws IOException {
    String sysmon = new String(bytes("constructed-devtunnel-sysmon.xml"), StandardCharsets.UTF_8);
    String expected = resource("expected/sysmon.jsonl");
    Files.writeString(tmp.resolve("cr.xml"), sysmon.replace("\r\n", "\n").replace('\n', '\r'));
    Files.writeString(tmp.resolve("joined.xml"), "\uFEFF" + sysmon + "\uFEFF" + sysmon);
    Files.write(tmp.resolve("ps.xml"), ("\uFEFF" + sysmon).getBytes(StandardCharsets.UTF_16LE));
    Files.write(tmp.resolve("be.xml"), sysmon.getBytes(StandardCharsets.UTF_16BE));
    Files.write(tmp.resolve("u32.xml"), sysmon.getBytes(java.nio.charset.Charset.forName("UTF-32BE")));
    String events = sysmon.lines().filter(l -> !l.isBlank()).collect(java.util.stream.Collectors.joining("\r\n"));
    Files.write(tmp.resolve("export.xml"), ("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<Events>\r\n" + events
        + "\r\n</Events>\r\n").getBytes(StandardCharsets.UTF_16LE));
    for (String f : java.util.List.of("cr.xml", "ps.xml", "be.xml", "u32.xml", "export.xml")) {
      CliRun r = run("scan", "-o", "jsonl", tmp.resolve(f).toString());
      assertThat(r.out()).as(f).isEqualTo(expected);
      assertThat(r.err()).as(f).contains("\nrejected     0\n");
      assertThat(r.status()).as(f).isZero();
    }
    CliRun joined = run("scan", "-o", "jsonl", tmp.resolve("joined.xml").toString());
    assertThat(joined.err()).contains("\nrejected     0\n");
    assertThat(joined.out().lines().count()).isEqualTo(expected.lines().count());
  }

  /** Issue 12, item 7: {@code scan <(zcat x.gz)} and named pipes failed with "Illegal seek". */
  @Test
  void namedPipe_isRead() throws Exception {
    Path fifo = tmp.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    byte[] content = gzip(bytes("constructed-devtunnel-sysmon.xml"));
    java.util.concurrent.CompletableFuture<Void> writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
      try {
        Files.write(fifo, content);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    CliRun r = run("scan", "-o", "jsonl", fifo.toString());
    writer.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.out()).isEqualTo(resource("expected/sysmon.jsonl"));
    assertThat(r.status()).isZero();
  }

  private static final String BAD_LINES = Path.of("src", "test", "resources", "bad-lines.log").toString();

  @Test
  void badLines_areCountedAndListedAndTheGoodLinesAroundThemKept() {
    CliRun r = run("scan", "--no-prefilter", "-o", "jsonl", BAD_LINES);
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(resource("expected/4688.jsonl").lines().findFirst().orElseThrow() + "\n"
        + resource("expected/sysmon.jsonl").lines().findFirst().orElseThrow() + "\n");
    assertThat(r.err()).isEqualTo("lines read   6 (1 input)\n"
        + "events       2 (sysmon 1, winsecurity-4688 1)\n"
        + ScanFindingsTest.SYSMON_COVERAGE + ScanFindingsTest.SECURITY_COVERAGE
        + "skipped      1\n"
        + "rejected     3\n"
        + "  " + BAD_LINES + ":2: sysmon: field ProcessGuid: not well-formed XML near column 701\n"
        + "  " + BAD_LINES + ":4: crowdstrike-fdr: field timestamp: truncated: the line ends inside the JSON object\n"
        + "  " + BAD_LINES + ":5: no registered format recognises this line"
        + " (registered: [crowdstrike-fdr, sysmon, winsecurity-4688])\n"
        + "matches      2\n"
        + "rows         2\n"
        + "suppressed   0\n"
        + "time X\n");
  }

  @Test
  void prefilter_passesOverLinesThatCannotMatch_andKeepsTheRows() {
    CliRun on = run("scan", "-o", "jsonl", CliRun.DATA.toString());
    CliRun off = run("scan", "--no-prefilter", "-o", "jsonl", CliRun.DATA.toString());
    assertThat(on.status()).isZero();
    assertThat(on.out()).isEqualTo(off.out()).isNotEmpty();
    assertThat(on.err()).containsPattern("skipped {6}\\d+ \\(\\d+ passed over unparsed by the prefilter\\)\n")
        .contains("lines read   28 (10 inputs)\n").contains("records      94 (1 chunk)\n");
  }

  @Test
  void strict_stopsAtTheFirstBadLineWithExitThree() {
    CliRun r = run("scan", "--strict", BAD_LINES);
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("tunnelwatch scan: stopped at a malformed line (--strict): " + BAD_LINES
        + ":2: sysmon: field ProcessGuid: not well-formed XML near column 701\n");
  }

  @Test
  void manyBadLines_listTheFirstFiveAndCountTheRest() {
    CliRun r = withStdin("a\nb\nc\nd\ne\nf\ng\nh\n".getBytes(StandardCharsets.UTF_8), "scan", "--no-prefilter", "-");
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT); // no line is of a known format (issue 12, item 8)
    String noFormat = "no registered format recognises this line (registered: [crowdstrike-fdr, sysmon, winsecurity-4688])";
    assertThat(r.err()).contains("rejected     8\n  (stdin):1: " + noFormat + "\n")
        .contains("  (stdin):5: no registered format")
        .doesNotContain("(stdin):6:")
        .contains("  ... and 3 more\n")
        .endsWith("tunnelwatch scan: (stdin): no line is of a known format (8 rejected;"
            + " formats: crowdstrike-fdr, sysmon, winsecurity-4688): is it an event log?\n");
  }

  @Test
  void sampleDirectory_summaryAccountsForEveryLine() {
    CliRun r = run("scan", "--no-prefilter", CliRun.DATA.toString());
    String cs = data("crowdstrike-processrollup2.jsonl");
    // The .evtx and the two JSON files add 7 records each: 3 + 1 Sysmon and 2 + 1 4688 events, the
    // 5 constructed executions matching again each time, so 21 matches in the same 6 rows; the OTRF
    // files are 73 more records (36 Sysmon, 37 4688). Zone-less times: NXLog's three 4688 events and
    // 16 of OTRF's 4688 events.
    assertThat(r.err()).isEqualTo("lines read   28 (10 inputs)\n"
        + "records      94 (1 chunk)\n"
        + "events       119 (crowdstrike-fdr 18, sysmon 52, winsecurity-4688 49)\n"
        + ScanFindingsTest.FDR_COVERAGE + ScanFindingsTest.SYSMON_COVERAGE + ScanFindingsTest.SECURITY_COVERAGE
        + "skipped      1\n"
        + "rejected     2\n"
        + "  " + cs + ":17: crowdstrike-fdr: field timestamp: missing: a process event needs its time\n"
        + "  " + cs + ":18: crowdstrike-fdr: field timestamp: missing: a process event needs its time\n"
        + "zoneless     19 events had a time without a zone, read in UTC (the default; see --source-zone)\n"
        + "matches      21\n"
        + "rows         6\n"
        + "suppressed   0\n"
        + "time X\n");
  }

  @Test
  void evtxSample_givesExactlyTheRowsOfItsSourceXmlEvents() {
    CliRun evtx = run("scan", "-o", "jsonl", data("constructed-devtunnel.evtx"));
    CliRun xml = run("scan", "-o", "jsonl", data("constructed-devtunnel-4688.xml"), data("constructed-devtunnel-sysmon.xml"),
        data("security-content-examples.mixed.log"));
    assertThat(evtx.status()).isZero();
    assertThat(evtx.out()).isEqualTo(xml.out()).isEqualTo(resource("expected/4688.jsonl") + resource("expected/sysmon.jsonl"));
    assertThat(evtx.err()).startsWith("lines read   0 (1 input)\nrecords      7 (1 chunk)\n")
        .contains("\nrejected     0\n").contains("\nmatches      5\nrows         5\n");
  }

  @Test
  void usageErrors_exitTwoWithOneLine() {
    assertThat(run("scan", "--bogus", "x")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(ExitStatus.USAGE);
      assertThat(r.err()).isEqualTo("tunnelwatch scan: Unknown option: '--bogus' (see 'tunnelwatch scan --help')\n");
    });
    assertThat(run("scan", "-o", "xml", "x").err())
        .isEqualTo("tunnelwatch scan: Invalid value for option '--output': expected one of table, jsonl, csv, ocsf, hec"
            + " but was 'xml' (see 'tunnelwatch scan --help')\n");
    assertThat(run("scan", "--zone", "Mars/Olympus", "x").err())
        .isEqualTo("tunnelwatch scan: Invalid value for option '--zone': 'Mars/Olympus' is not a time zone such as"
            + " UTC, Europe/Paris or +02:00 (see 'tunnelwatch scan --help')\n");
    assertThat(run("scan", "--earliest", "yesterday", "x").status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run("scan").err())
        .isEqualTo("tunnelwatch scan: Missing required parameter: 'FILE' (see 'tunnelwatch scan --help')\n");
    assertThat(run("scan", "--columns", "dest,host", "x").err())
        .startsWith("tunnelwatch scan: --columns: no column 'host'; valid columns are [process, ");
    // issue 12, item 14: --columns with jsonl was silently ignored
    CliRun jsonl = run("scan", "-o", "jsonl", "--columns", "dest", "x");
    assertThat(jsonl.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(jsonl.err()).isEqualTo("tunnelwatch scan: --columns applies to -o table and -o csv, not to -o jsonl"
        + " (see 'tunnelwatch scan --help')\n");
    CliRun reversed = run("scan", "--earliest", "2024-04-23T09:00:00Z", "--latest", "2024-04-23T08:00:00Z", "x");
    assertThat(reversed.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(reversed.err()).isEqualTo("tunnelwatch scan: --earliest must be before --latest but was"
        + " 2024-04-23T09:00:00Z >= 2024-04-23T08:00:00Z (see 'tunnelwatch scan --help')\n");
    assertThat(run("scan", "-", "-").status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run().status()).isEqualTo(ExitStatus.USAGE);
  }

  @Test
  void help_exitsZeroAndListsTheExitStatuses() {
    CliRun r = run("scan", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).startsWith("Usage: tunnelwatch scan ").contains("Exit status:", "--fail-on-detection");
  }
}
