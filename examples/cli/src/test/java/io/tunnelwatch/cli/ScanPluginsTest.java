// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.data;
import static io.tunnelwatch.cli.CliRun.resource;
import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.tck.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 11: real plugin jars that break in every way a plugin can; the scan keeps its rows. */
final class ScanPluginsTest {
  private static final String PKG = PluginJars.PACKAGE;

  @TempDir
  @SuppressWarnings("NullAway.Init") // set by JUnit before @BeforeAll
  static Path work;

  private static Path classes = Path.of("");

  @BeforeAll
  static void compile() throws IOException {
    classes = PluginJars.compileExamples(work);
  }

  private static Path plugin(Path dir, String jar, String... classNames) throws IOException {
    List<String> names = Arrays.stream(classNames).map(c -> PKG + c).toList();
    return PluginJars.jar(dir.resolve(jar), classes, names, names);
  }

  @Test
  void brokenJarsAndEntries_warnOnceEach_namingTheJar_andTheScanGoesOn(@TempDir Path dir) throws IOException {
    Path good = plugin(dir, "a-good.jar", "Recursing");
    byte[] whole = Files.readAllBytes(good);
    Path truncated = Files.write(dir.resolve("truncated.jar"), Arrays.copyOf(whole, whole.length / 2));
    Files.delete(good);
    Path missing = PluginJars.jar(dir.resolve("missing.jar"), classes, List.of(), List.of("com.example.NoSuchFilter"));
    Path notAFilter = plugin(dir, "not-a-filter.jar", "NotAFilter");
    Path noConstructor = plugin(dir, "no-constructor.jar", "NoDefaultConstructor");
    Path nameless = plugin(dir, "nameless.jar", "Nameless");

    CliRun r = run("scan", "-o", "jsonl", "--plugins", dir.toString(), data("constructed-devtunnel-4688.xml"));

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(resource("expected/4688.jsonl"));
    List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning: ")).toList();
    assertThat(warnings).hasSize(5);
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("warning: --plugins jar " + truncated + " is not a readable jar ("));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains(missing + " lists com.example.NoSuchFilter: "));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains(notAFilter + " lists " + PKG + "NotAFilter: ")
        .endsWith("not a subtype"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains(noConstructor + " lists " + PKG + "NoDefaultConstructor: ")
        .contains("no-arg constructor"));
    assertThat(warnings).anySatisfy(w -> assertThat(w)
        .isEqualTo("warning: a DetectionFilter provider was refused: " + nameless + " lists " + PKG + "Nameless: "
            + "its name() returned null"));
    assertThat(r.err()).as("no filter is used").doesNotContain("\nfilters ").contains("\nsuppressed   0\n");
  }

  @Test
  void filtersThatThrowErrors_keepTheirRows_withOneWarningPerFilter(@TempDir Path dir) throws IOException {
    plugin(dir, "recursing.jar", "Recursing");
    plugin(dir, "needs-dep.jar", "NeedsDep"); // without Dep: NoClassDefFoundError on the first row

    CliRun r = run("scan", "-o", "jsonl", "--plugins", dir.toString(), CliRun.DATA.toString());

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(resource("expected/all.jsonl"));
    List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning: ")).toList();
    assertThat(warnings).containsExactly(
        "warning: filter needs-dep failed on 6 rows with java.lang.NoClassDefFoundError; those rows were kept"
            + " (--verbose shows the first in full)",
        "warning: filter recursing failed on 6 rows with java.lang.StackOverflowError; those rows were kept"
            + " (--verbose shows the first in full)");
  }

  @Test
  void aSlowFilter_isReportedWhileItRuns(@TempDir Path dir) throws IOException {
    plugin(dir, "sleeping.jar", "Sleeping"); // one second a row

    CliRun r = run("scan", "-o", "jsonl", "--filter-timeout", "200ms", "--plugins", dir.toString(),
        data("constructed-devtunnel-crowdstrike.jsonl"));

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(resource("expected/crowdstrike.jsonl"));
    List<String> lines = r.err().lines().toList();
    assertThat(lines.get(0)).matches("warning: filter sleeping has been deciding one row of dest \\S+ for \\d+ ms");
    assertThat(lines).filteredOn(l -> l.contains("has been deciding")).hasSizeBetween(1, 5);
  }

  @Test
  void filterTimeout_mustBeAPositiveDuration() {
    CliRun r = run("scan", "--filter-timeout", "0s", data("constructed-devtunnel-crowdstrike.jsonl"));
    assertThat(r.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).contains("'0s' is not a positive duration such as 500ms, 10s, 2m or PT10S");
    assertThat(Converters.duration("PT1M")).isEqualTo(Converters.duration("60s")).isEqualTo(Converters.duration("1m"));
    assertThat(Converters.duration("1500ms").toMillis()).isEqualTo(1500);
  }
}
