// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.example.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tunnelwatch scan --plugins DIR} picks up this module's jar: the command line's shaded jar
 * runs in a child process whose class path does not hold the filter, so only the plugin directory
 * can bring it. The input {@code constructed-devtunnel-started-by-vscode.xml} is constructed: the
 * bundled sample's first constructed Sysmon event with ParentImage and ParentCommandLine set to
 * VS Code, and its own process id, GUID and record id.
 */
final class IdeLaunchFilterPluginIT {
  private static final String SYSMON = Path.of("..", "data", "constructed-devtunnel-sysmon.xml").toString();
  private static final String VSCODE =
      Path.of("src", "test", "resources", "constructed-devtunnel-started-by-vscode.xml").toString();

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  private record Run(int status, List<String> out, String err) {}

  private Run scan(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of(System.getProperty("tunnelwatch.jar")).toAbsolutePath().toString(), "scan"));
    command.addAll(List.of(args));
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    Process p = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute").isTrue();
    return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void scanWithPlugins_suppressesTheIdeLaunchAndSaysWhy() throws Exception {
    Path plugins = Files.createDirectory(tmp.resolve("plugins"));
    Path jar = Path.of(System.getProperty("plugin.jar"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));

    Run r = scan("-o", "jsonl", "--show-suppressed", "--plugins", plugins.toString(), SYSMON, VSCODE);

    assertThat(r.status()).isZero();
    assertThat(r.out()).hasSize(3).noneMatch(l -> l.contains("Code.exe"));
    assertThat(r.err())
        .contains("suppressed by ide-launch: started by the IDE Code.exe (port forwarding): dest=WKS-DEV-042"
            + " user=dev process_name=devtunnel.exe count=1 firstTime=2024-04-23T08:48:30 lastTime=2024-04-23T08:48:30\n")
        .contains("\nfilters      ide-launch\n")
        .contains("\nsuppressed   1\n");
  }

  @Test
  void scanWithoutPlugins_keepsTheIdeLaunch() throws Exception {
    Run r = scan("-o", "jsonl", SYSMON, VSCODE);

    assertThat(r.status()).isZero();
    assertThat(r.out()).hasSize(4).filteredOn(l -> l.contains("\"parent_process_name\":\"Code.exe\"")).hasSize(1);
    assertThat(r.err()).doesNotContain("ide-launch").contains("\nsuppressed   0\n");
  }
}
