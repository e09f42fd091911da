package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code tunnelwatch scan} says on standard error, where it used to say something wrong (issue 12, item 14). */
final class ScanMessagesTest {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  @Test
  void selfLoopingLink_isReportedAsALoopNotAMissingFile() throws IOException {
    Path self = Files.createSymbolicLink(tmp.resolve("self.log"), tmp.resolve("self.log"));
    CliRun r = run("scan", self.toString());
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.err()).isEqualTo("tunnelwatch scan: cannot read " + self + ": too many levels of symbolic links\n");
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.log"), tmp.resolve("missing.log"));
    assertThat(run("scan", dangling.toString()).err())
        .isEqualTo("tunnelwatch scan: cannot read " + dangling + ": no such file or directory\n");
  }
}
