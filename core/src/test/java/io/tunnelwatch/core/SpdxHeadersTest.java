// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every source file of the repository carries its SPDX licence line: the build runs
 * {@code .ci/spdx-headers.sh --check}, the one place that says which files need it and how.
 */
final class SpdxHeadersTest {
  private static final String SPDX = "SPDX-License-Identifier: Apache-2.0";
  /** core/ runs its tests in core/; the repository is its parent. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = ROOT.resolve(".ci/spdx-headers.sh");

  private record Run(int status, String output) {}

  private static Run script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  @Test
  void everySourceFile_carriesTheSpdxLine() throws Exception {
    Run r = script("--check", ROOT.toString());
    assertThat(r.output()).as("files without the SPDX line (run .ci/spdx-headers.sh)").isEmpty();
    assertThat(r.status()).isZero();
  }

  @Test
  void check_namesEachFileWithoutTheLine_andFails(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Good.java"), "// " + SPDX + "\nclass Good {}\n");
    Files.writeString(dir.resolve("Bad.java"), "class Bad {}\n");
    Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.writeString(dir.resolve("notes.txt"), "not source\n");

    Run r = script("--check", dir.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.output()).contains("  Bad.java\n", "  run.sh\n").doesNotContain("Good.java", "notes.txt");
  }

  @Test
  void add_putsTheLineFirst_orAfterTheShebang_thenTheCheckPasses(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Bad.java"), "class Bad {}\n");
    Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.writeString(dir.resolve("tw.cmd"), "@echo off\r\n");

    assertThat(script(dir.toString()).status()).isZero();

    assertThat(Files.readString(dir.resolve("Bad.java"))).isEqualTo("// " + SPDX + "\nclass Bad {}\n");
    assertThat(Files.readString(dir.resolve("run.sh"))).isEqualTo("#!/bin/sh\n# " + SPDX + "\necho hi\n");
    assertThat(Files.readString(dir.resolve("tw.cmd"))).isEqualTo("@rem " + SPDX + "\r\n@echo off\r\n");
    assertThat(script("--check", dir.toString()).status()).isZero();
  }
}
