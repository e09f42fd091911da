// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code tunnelwatch scan} says on standard error, where it used to say something wrong (issue 12, item 14). */
final class ScanMessagesTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  /** The summary's time line as written, which {@link CliRun} hides because it differs between runs. */
  private static String timeLine(String... args) {
    return timeLine(ExitStatus.OK, args);
  }

  private static String timeLine(int exit, String... args) {
    StringWriter err = new StringWriter();
    int status = Main.execute(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
        new PrintWriter(err), false);
    assertThat(status).as(err.toString()).isEqualTo(exit);
    return err.toString().lines().filter(l -> l.startsWith("time ")).findFirst().orElseThrow();
  }

  @Test
  void selfLoopingLink_isReportedAsALoopNotAMissingFile() throws IOException {
    Path self = Files.createSymbolicLink(tmp.resolve("self.log"), tmp.resolve("self.log"));
    CliRun r = run("scan", self.toString());
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    // after the summary, as every failed input (issue 12, item 6)
    assertThat(r.err()).endsWith("\ntunnelwatch scan: cannot read " + self + ": too many levels of symbolic links\n");
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.log"), tmp.resolve("missing.log"));
    assertThat(run("scan", dangling.toString()).err())
        .endsWith("\ntunnelwatch scan: cannot read " + dangling + ": no such file\n");
  }

  @Test
  void timeLine_hasNoRateWhenNothingWasRead() throws IOException {
    Path empty = Files.createFile(tmp.resolve("empty.log"));
    assertThat(timeLine("scan", empty.toString())).matches("time {9}\\d+\\.\\d{3} s");
  }

  @Test
  void timeLine_namesWhatItsRateCounts() throws IOException {
    // lines that hold no event: the rate is of lines, whatever the number of events (none here);
    // an input with no line of a known format is a failed input (issue 12, item 8)
    Path text = Files.writeString(tmp.resolve("text.log"), "not an event\nnor this\n");
    assertThat(timeLine(ExitStatus.INPUT, "scan", text.toString())).matches("time {9}\\d+\\.\\d{3} s \\(\\d+ lines/s, \\d+ MB/s\\)");
    assertThat(timeLine("scan", CliRun.data("constructed-devtunnel.evtx")))
        .matches("time {9}\\d+\\.\\d{3} s \\(\\d+ records/s, \\d+ MB/s\\)");
    assertThat(timeLine("scan", CliRun.DATA.toString()))
        .matches("time {9}\\d+\\.\\d{3} s \\(\\d+ lines and records/s, \\d+ MB/s\\)");
  }
}
