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
 * after every other output was written. Runs in this process on real files and devices; the jar's
 * own standard output (closed, full) is in {@link OutputFailureIT}.
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
    assertThat(r.err()).isEqualTo("tunnelwatch scan: cannot write standard output: No space left on device\n");
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
    assertThat(r.err()).isEqualTo("tunnelwatch scan: cannot write --risk /dev/full: No space left on device\n");
  }

  @Test
  void bothOutputsFull_exitThreeNamingBothOnOneLine() throws IOException {
    CliRun r = withFullStdout("scan", "--risk", DEV_FULL.toString(), CliRun.DATA.toString());
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.err()).isEqualTo("tunnelwatch scan: cannot write standard output: No space left on device;"
        + " cannot write --risk /dev/full: No space left on device\n");
  }
}
