// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar in a child process with its standard streams redirected by {@code sh}. Standard output that
 * cannot be written, closed ({@code >&-}) or a full device ({@code > /dev/full}, Linux), is exit 3 with
 * one line naming it, after the {@code --risk} file was written in full (issue 12, item 1); a
 * {@code --risk} file that standard input reads is refused (item 2).
 */
final class OutputsIT {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  /**
   * Runs {@code java -jar tunnelwatch.jar scan -o jsonl --risk RISK DATA} through {@code sh} with
   * {@code redirect} applied to its standard output; returns the run (standard output not kept).
   */
  private CliRun scan(String redirect, Path risk) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("tunnelwatch.jar", "target/tunnelwatch.jar")).toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = tmp.resolve("stderr");
    Process p = new ProcessBuilder("sh", "-c", "exec \"$0\" -jar \"$1\" scan -o jsonl --risk \"$2\" \"$3\" " + redirect,
        java, jar.toString(), risk.toString(), CliRun.DATA.toAbsolutePath().toString())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(err.toFile())
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute").isTrue();
    return new CliRun(p.exitValue(), "", Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void riskThatStandardInputReads_isRefusedAndLeftIntact() throws Exception {
    Path input = Files.copy(CliRun.DATA.resolve("constructed-devtunnel-sysmon.xml"), tmp.resolve("sysmon.xml"));
    byte[] before = Files.readAllBytes(input);
    Path jar = Path.of(System.getProperty("tunnelwatch.jar", "target/tunnelwatch.jar")).toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = tmp.resolve("stderr");
    Process p = new ProcessBuilder("sh", "-c", "exec \"$0\" -jar \"$1\" scan --risk \"$2\" - < \"$2\"",
        java, jar.toString(), input.toString())
        .redirectOutput(tmp.resolve("stdout").toFile())
        .redirectError(err.toFile())
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute").isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isEqualTo(ExitStatus.USAGE);
    assertThat(stderr).isEqualTo("tunnelwatch scan: --risk " + input + " is also an input ((stdin)); writing it would"
        + " empty it before it is read (see 'tunnelwatch scan --help')\n");
    assertThat(Files.readAllBytes(input)).isEqualTo(before);
  }

  @Test
  void closedStdout_exitsThreeNamingIt_andTheRiskFileIsComplete() throws Exception {
    Path risk = tmp.resolve("risk.jsonl");
    CliRun r = scan(">&-", risk);
    assertThat(r.status()).as(r.err()).isEqualTo(ExitStatus.INPUT);
    // the summary, then one error line, last
    assertThat(r.err().lines().filter(l -> l.startsWith("tunnelwatch scan: "))).hasSize(1);
    assertThat(r.err().lines().reduce((a, b) -> b).orElseThrow()).startsWith("tunnelwatch scan: cannot write standard output: ");
    assertThat(Files.readString(risk, StandardCharsets.UTF_8)).isEqualTo(CliRun.resource("expected/all.risk.jsonl"));
  }

  @Test
  void fullStdout_exitsThreeNamingIt_andTheRiskFileIsComplete() throws Exception {
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full (Linux) is needed");
    Path risk = tmp.resolve("risk.jsonl");
    CliRun r = scan("> /dev/full", risk);
    assertThat(r.status()).as(r.err()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.err()).endsWith("\ntunnelwatch scan: cannot write standard output: No space left on device\n");
    assertThat(r.err().lines().filter(l -> l.startsWith("tunnelwatch scan: "))).hasSize(1);
    assertThat(Files.readString(risk, StandardCharsets.UTF_8)).isEqualTo(CliRun.resource("expected/all.risk.jsonl"));
  }
}
