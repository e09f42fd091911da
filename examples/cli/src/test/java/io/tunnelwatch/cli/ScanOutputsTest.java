// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.resource;
import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tunnelwatch scan} promises about its outputs (issue 12): a failed write is exit 3
 * after every other output was written (item 1); an output that is also read is refused before
 * anything is opened for writing (item 2); log data cannot run in a spreadsheet or a terminal (item 13). Runs in this process on real files and devices; the jar's
 * own standard streams (closed, full, redirected from --risk) are in {@link OutputsIT}.
 */
final class ScanOutputsTest {
  private static final Path DEV_FULL = Path.of("/dev/full");

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  /** Runs with standard output on {@code /dev/full} (Linux), as {@link Main#main} writes it. */
  private static CliRun withFullStdout(String... args) throws IOException {
    assumeTrue(Files.isWritable(DEV_FULL), "/dev/full (Linux) is needed");
    StringWriter err = new StringWriter();
    try (PrintWriter out = new FailureKeepingWriter(new FileOutputStream(DEV_FULL.toFile()))) {
      int status = Main.execute(args, new ByteArrayInputStream(new byte[0]), out, new PrintWriter(err), false);
      return new CliRun(status, "", err.toString());
    }
  }

  @Test
  void stdoutThatIsFull_exitsThreeNamingIt_afterWritingTheRiskFile() throws IOException {
    Path risk = tmp.resolve("risk.jsonl");
    CliRun r = withFullStdout("scan", "-o", "jsonl", "--risk", risk.toString(), CliRun.DATA.toString());
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.err()).endsWith("\ntunnelwatch scan: cannot write standard output: No space left on device\n");
    assertThat(Files.readString(risk, StandardCharsets.UTF_8)).isEqualTo(resource("expected/all.risk.jsonl"));
  }

  @Test
  void stdoutThatIsFull_failsHelpAndVersionToo() throws IOException {
    for (String[] args : new String[][] {{"--help"}, {"scan", "--help"}, {"--version"}}) {
      CliRun r = withFullStdout(args);
      assertThat(r.status()).as(String.join(" ", args)).isEqualTo(ExitStatus.INPUT);
      assertThat(r.err()).isEqualTo("tunnelwatch: cannot write standard output: No space left on device\n");
    }
  }

  @Test
  void riskFileThatIsFull_exitsThreeNamingIt_afterWritingEveryRow() {
    assumeTrue(Files.isWritable(DEV_FULL), "/dev/full (Linux) is needed");
    CliRun r = run("scan", "-o", "jsonl", "--risk", DEV_FULL.toString(), CliRun.DATA.toString());
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.out()).isEqualTo(resource("expected/all.jsonl"));
    assertThat(r.err()).endsWith("\ntunnelwatch scan: cannot write --risk /dev/full: No space left on device\n");
  }

  @Test
  void bothOutputsFull_exitThreeNamingBothOnOneLine() throws IOException {
    CliRun r = withFullStdout("scan", "--risk", DEV_FULL.toString(), CliRun.DATA.toString());
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.err()).endsWith("\ntunnelwatch scan: cannot write standard output: No space left on device;"
        + " cannot write --risk /dev/full: No space left on device\n");
  }

  /** Runs a scan that must be refused as a usage error; returns its one line. */
  private static String refused(String... args) {
    CliRun r = run(args);
    assertThat(r.status()).as(r.err()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(1);
    return r.err();
  }

  @Test
  void riskNamingAnInput_isRefusedAndTheInputLeftIntact() throws IOException {
    Path input = Files.copy(CliRun.DATA.resolve("constructed-devtunnel-sysmon.xml"), tmp.resolve("sysmon.xml"));
    byte[] before = Files.readAllBytes(input);
    assertThat(refused("scan", "--risk", input.toString(), input.toString())).isEqualTo("tunnelwatch scan: --risk "
        + input + " is also an input (" + input + "); writing it would empty it before it is read"
        + " (see 'tunnelwatch scan --help')\n");
    assertThat(Files.readAllBytes(input)).isEqualTo(before);
  }

  @Test
  void riskThatIsAnInputByAnotherName_isRefused() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("logs"));
    Path input = Files.copy(CliRun.DATA.resolve("constructed-devtunnel-sysmon.xml"), dir.resolve("sysmon.xml"));
    byte[] before = Files.readAllBytes(input);
    Path hardLink = Files.createLink(tmp.resolve("hard.jsonl"), input);
    Path symlink = Files.createSymbolicLink(tmp.resolve("soft.jsonl"), input);
    Path dotted = dir.resolve("..").resolve("logs").resolve("sysmon.xml");
    for (Path risk : new Path[] {hardLink, symlink, dotted}) {
      // the input named directly, and found inside its directory
      for (Path arg : new Path[] {input, dir}) {
        assertThat(refused("scan", "--risk", risk.toString(), arg.toString()))
            .as("--risk %s %s", risk, arg).contains("--risk " + risk + " is also an input (" + input + ")");
      }
    }
    assertThat(Files.readAllBytes(input)).isEqualTo(before);
  }

  @Test
  void riskNamingTheAllowlist_isRefusedAndTheAllowlistLeftIntact() throws IOException {
    Path allow = Files.copy(Path.of("..", "allowlist.json"), tmp.resolve("allow.json"));
    byte[] before = Files.readAllBytes(allow);
    assertThat(refused("scan", "--allowlist", allow.toString(), "--risk", allow.toString(), CliRun.DATA.toString()))
        .isEqualTo("tunnelwatch scan: --risk " + allow + " is also the --allowlist; writing it would destroy it"
            + " (see 'tunnelwatch scan --help')\n");
    assertThat(Files.readAllBytes(allow)).isEqualTo(before);
  }

  @Test
  void riskBesideTheInputs_isWritten() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("logs"));
    Files.copy(CliRun.DATA.resolve("constructed-devtunnel-sysmon.xml"), dir.resolve("sysmon.xml"));
    Path risk = dir.resolve("risk.out"); // in the input directory, but not a log file name: not read
    Files.writeString(risk, "old");
    CliRun r = run("scan", "--risk", risk.toString(), dir.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(Files.readAllLines(risk)).hasSize(3);
  }

  /**
   * A CrowdStrike devtunnel execution whose command line is a spreadsheet formula and whose host
   * name holds terminal control characters (clear screen, bell), as an attacker could make them.
   */
  private Path hostileLog() throws IOException {
    return Files.writeString(tmp.resolve("hostile.jsonl"), "{\"event_simpleName\":\"ProcessRollup2\","
        + "\"event_platform\":\"Win\",\"aid\":\"a1\",\"ComputerName\":\"WKS\\u001b[2J\\u0007\","
        + "\"CommandLine\":\"=HYPERLINK(\\\"http://evil.example\\\",\\\"ok\\\")\","
        + "\"ImageFileName\":\"\\\\Device\\\\HarddiskVolume3\\\\devtunnel.exe\",\"ParentBaseFileName\":\"cmd.exe\","
        + "\"RawProcessId\":\"1\",\"UserSid\":\"S-1-5-18\",\"timestamp\":\"1713860000000\"}\n");
  }

  @Test
  void csv_neutralisesAFormulaFromLogData_andRawCsvKeepsIt() throws IOException {
    Path log = hostileLog();
    CliRun csv = run("scan", "-o", "csv", "--columns", "process,count", log.toString());
    assertThat(csv.status()).as(csv.err()).isZero();
    assertThat(csv.out()).isEqualTo("process,count\r\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"ok\"\")\",1\r\n");
    CliRun raw = run("scan", "-o", "csv", "--raw-csv", "--columns", "process,count", log.toString());
    assertThat(raw.out()).isEqualTo("process,count\r\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"ok\"\")\",1\r\n");
  }

  @Test
  void rawCsvWithoutCsv_isAUsageError() {
    assertThat(refused("scan", "--raw-csv", "x")).isEqualTo("tunnelwatch scan: --raw-csv applies to -o csv, not to -o table"
        + " (see 'tunnelwatch scan --help')\n");
    assertThat(refused("scan", "-o", "jsonl", "--raw-csv", "x")).contains("--raw-csv applies to -o csv, not to -o jsonl");
  }

  @Test
  void showSuppressed_neutralisesControlCharactersFromLogData() throws IOException {
    Path allow = Files.writeString(tmp.resolve("allow.json"), "{\"entries\": [{\"match\": {\"process_name\":"
        + " \"devtunnel.exe\"}, \"reason\": \"lab\", \"owner\": \"me\", \"expires\": \"2099-12-31\"}]}");
    CliRun r = run("scan", "--allowlist", allow.toString(), "--show-suppressed", hostileLog().toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).contains(": dest=WKS [2J  user=S-1-5-18 process_name=devtunnel.exe count=1 ")
        .doesNotContain("\u001b").doesNotContain("\u0007");
  }
}
