// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code examples/cli/tunnelwatch}, run by {@code sh} in a child process: it runs
 * the jar with the JIT stopped at C1 for a prefiltered scan, and leaves the JIT alone when every line
 * is parsed or when {@code TUNNELWATCH_JAVA_OPTS} says otherwise. The java it starts is the real one,
 * behind a script that records its arguments. The first scan archives its classes (AppCDS) in the
 * cache directory, which later runs map; a cache that cannot be written is passed over silently.
 */
final class LauncherIT {
  private static final Path LAUNCHER = Path.of("tunnelwatch").toAbsolutePath();

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  /** Runs the launcher through a recording java, its cache in {@code tmp}; returns the run and the java arguments. */
  private Launched launch(Path launcher, @Nullable String javaOpts, String... args) throws IOException, InterruptedException {
    return launch(launcher, javaOpts, Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()), args);
  }

  private Launched launch(Path launcher, @Nullable String javaOpts, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    Path recorded = tmp.resolve("java-args");
    Path java = tmp.resolve("java");
    String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + recorded + "'\nexec '" + realJava + "' \"$@\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(tmp.resolve("stdout").toFile())
        .redirectError(tmp.resolve("stderr").toFile());
    Map<String, String> env = pb.environment();
    env.put("JAVA", java.toString());
    env.remove("TUNNELWATCH_JAVA_OPTS");
    env.remove("TUNNELWATCH_CDS");
    env.putAll(extraEnv);
    if (javaOpts != null) {
      env.put("TUNNELWATCH_JAVA_OPTS", javaOpts);
    }
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute").isTrue();
    List<String> javaArgs = Files.exists(recorded) ? Files.readAllLines(recorded) : List.of();
    return new Launched(p.exitValue(), Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8),
        Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8), javaArgs);
  }

  private record Launched(int status, String out, String err, List<String> javaArgs) {}

  @Test
  void launcher_scansTheSampleLikeTheJar_withTheJitAtC1() throws Exception {
    String data = CliRun.DATA.toAbsolutePath().toString();
    Launched r = launch(LAUNCHER, null, "scan", "-o", "jsonl", data);
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(CliRun.resource("expected/all.jsonl"));
    assertThat(r.javaArgs()).startsWith("-XX:TieredStopAtLevel=1").endsWith("-jar", LAUNCHER.resolveSibling("target")
        .resolve("tunnelwatch.jar").toString(), "scan", "-o", "jsonl", data);
  }

  @Test
  void optionsThatParseEveryLine_leaveTheJitAlone() throws Exception {
    String data = CliRun.DATA.toAbsolutePath().toString();
    for (String option : List.of("--no-prefilter", "--strict", "--schedule")) {
      Launched r = launch(LAUNCHER, null, "scan", option, "-o", "jsonl", data);
      // the sample has malformed lines, which --strict stops at
      assertThat(r.status()).as(option + ": " + r.err()).isEqualTo(option.equals("--strict") ? ExitStatus.INPUT : ExitStatus.OK);
      assertThat(r.javaArgs()).as(option).doesNotContain("-XX:TieredStopAtLevel=1").contains("-jar");
    }
  }

  @Test
  void anArgumentFileNamingSuchAnOption_leavesTheJitAloneToo() throws Exception {
    String data = CliRun.DATA.toAbsolutePath().toString();
    Path args = tmp.resolve("args");
    Files.writeString(args, "# --strict would stop at the sample's bad lines\n-o jsonl\n'--no-prefilter'\n");
    Launched r = launch(LAUNCHER, null, "scan", "@" + args, data);
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(CliRun.resource("expected/all.jsonl"));
    assertThat(r.javaArgs()).doesNotContain("-XX:TieredStopAtLevel=1");
    Files.writeString(args, "# --no-prefilter --strict --schedule are named only in this comment\n-o jsonl\n");
    assertThat(launch(LAUNCHER, null, "scan", "@" + args, data).javaArgs()).contains("-XX:TieredStopAtLevel=1");
  }

  @Test
  void firstScan_archivesItsClasses_andLaterRunsMapThem() throws Exception {
    String data = CliRun.DATA.toAbsolutePath().toString();
    Path cache = tmp.resolve("cache").resolve("tunnelwatch");
    // a scan that stops at a usage error loads few of a scan's classes: its archive is not kept
    Launched refused = launch(LAUNCHER, null, "scan", "--raw-csv", data);
    assertThat(refused.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(refused.javaArgs()).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="));
    try (var files = Files.list(cache)) {
      assertThat(files).isEmpty();
    }
    Launched first = launch(LAUNCHER, null, "scan", "-o", "jsonl", data);
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo(CliRun.resource("expected/all.jsonl"));
    assertThat(first.javaArgs()).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + cache + "/"));
    List<Path> archives;
    try (var files = Files.list(cache)) {
      archives = files.toList();
    }
    assertThat(archives).hasSize(1);
    assertThat(archives.get(0).getFileName().toString()).matches("tunnelwatch-\\d+-\\d+\\.jsa");
    Launched second = launch(LAUNCHER, null, "scan", "-o", "jsonl", data);
    assertThat(second.status()).as(second.err()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(second.err()).doesNotContain("cds", "CDS", "warning");
    assertThat(second.javaArgs()).contains("-XX:SharedArchiveFile=" + archives.get(0))
        .noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
    assertThat(launch(LAUNCHER, null, "--version").javaArgs()).contains("-XX:SharedArchiveFile=" + archives.get(0));
  }

  @Test
  void aCacheThatCannotBeWritten_orCdsOff_runsWithoutAnArchive() throws Exception {
    String data = CliRun.DATA.toAbsolutePath().toString();
    Path notADirectory = tmp.resolve("cache-file");
    Files.writeString(notADirectory, "");
    Launched r = launch(LAUNCHER, null, Map.of("XDG_CACHE_HOME", notADirectory.toString()), "scan", "-o", "jsonl", data);
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(CliRun.resource("expected/all.jsonl"));
    assertThat(r.err()).doesNotContain("cache", "cds", "CDS");
    assertThat(r.javaArgs()).noneMatch(a -> a.contains("Archive"));
    Launched off = launch(LAUNCHER, null, Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString(),
        "TUNNELWATCH_CDS", "off"), "scan", "-o", "jsonl", data);
    assertThat(off.out()).isEqualTo(CliRun.resource("expected/all.jsonl"));
    assertThat(off.javaArgs()).noneMatch(a -> a.contains("Archive"));
    assertThat(tmp.resolve("cache")).doesNotExist();
  }

  @Test
  void javaOpts_replaceTheChoice() throws Exception {
    assertThat(launch(LAUNCHER, "", "--version").javaArgs()).first().isEqualTo("-jar");
    Launched r = launch(LAUNCHER, "-Xmx64m -Xss1m", "--version");
    assertThat(r.out()).startsWith("tunnelwatch 0.1.0");
    assertThat(r.javaArgs()).startsWith("-Xmx64m", "-Xss1m", "-jar");
  }

  @Test
  void withoutTheJar_saysHowToBuildIt() throws Exception {
    Path alone = tmp.resolve("alone");
    Files.createDirectories(alone);
    Path copy = Files.copy(LAUNCHER, alone.resolve("tunnelwatch"));
    Launched r = launch(copy, null, "--version");
    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.err()).contains("mvn -B -q -DskipTests package");
    assertThat(r.javaArgs()).isEmpty();
  }
}
