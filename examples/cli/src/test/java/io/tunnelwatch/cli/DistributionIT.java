package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archives {@code target/tunnelwatch-<version>.zip} and {@code .tar.gz}, unpacked
 * as a user would (the tar.gz by {@code tar}), then the POSIX launcher run on {@code examples/data}
 * in a child process. The Windows {@code bin/tunnelwatch.cmd} cannot run here: its text is checked
 * for what makes it work (CRLF lines, the jar path it resolves from its own directory, the arguments
 * and status it passes on); cmd.exe's own parsing of it is not checked.
 */
final class DistributionIT {
  private static final String VERSION = System.getProperty("tunnelwatch.version", "0.1.0-SNAPSHOT");
  private static final Path DIST = Path.of(System.getProperty("tunnelwatch.dist", "target/tunnelwatch-" + VERSION));
  private static final String TOP = "tunnelwatch-" + VERSION;

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  private static Path archive(String extension) {
    Path p = Path.of(DIST + extension).toAbsolutePath();
    assertThat(p).as("built by mvn package").isRegularFile();
    return p;
  }

  private static int run(Path workDir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(workDir.resolve("stdout").toFile())
        .redirectError(workDir.resolve("stderr").toFile())
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute: " + command).isTrue();
    return p.exitValue();
  }

  private Path untar() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(tmp.resolve("tar"));
    assertThat(run(dir, List.of("tar", "-xzf", archive(".tar.gz").toString()))).isZero();
    return dir.resolve(TOP);
  }

  private Path unzip() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("zip"));
    try (ZipFile zip = new ZipFile(archive(".zip").toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        Path target = dir.resolve(entry.getName()).normalize();
        assertThat(target).startsWith(dir);
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    }
    return dir.resolve(TOP);
  }

  private static List<String> files(Path top) throws IOException {
    try (Stream<Path> s = Files.walk(top)) {
      return s.filter(Files::isRegularFile).map(p -> top.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  @Test
  void archives_holdTheLaunchersTheJarAndTheLegalFiles_alike() throws Exception {
    Path tar = untar();
    Path zip = unzip();
    assertThat(files(tar)).containsExactly(
        "LICENSE", "NOTICE", "README.md", "bin/tunnelwatch", "bin/tunnelwatch.cmd", "lib/tunnelwatch.jar");
    assertThat(files(zip)).isEqualTo(files(tar));
    for (String f : files(tar)) {
      assertThat(Files.mismatch(tar.resolve(f), zip.resolve(f))).as(f).isEqualTo(-1L);
    }
    assertThat(Files.isExecutable(tar.resolve("bin/tunnelwatch"))).as("tar keeps the launcher's mode").isTrue();
    assertThat(Files.readString(tar.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
    assertThat(Files.readString(tar.resolve("NOTICE"))).startsWith("tunnelwatch\n");
  }

  @Test
  void posixLauncher_fromTheTarGz_scansTheSampleLikeTheJar() throws Exception {
    Path top = untar();
    String data = CliRun.DATA.toAbsolutePath().toString();
    List<String> command = new ArrayList<>(List.of(top.resolve("bin/tunnelwatch").toString(), "scan", "-o", "jsonl", data));
    int status = run(tmp, command);
    assertThat(status).as(Files.readString(tmp.resolve("stderr"))).isZero();
    assertThat(Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8)).isEqualTo(CliRun.resource("expected/all.jsonl"));
  }

  @Test
  void windowsLauncher_runsTheJarNextToIt_withEveryArgument_andPassesTheStatusOn() throws Exception {
    Path top = unzip();
    String cmd = Files.readString(top.resolve("bin/tunnelwatch.cmd"), StandardCharsets.UTF_8);
    assertThat(cmd.replace("\r\n", "")).as("every line ends in CRLF").doesNotContain("\n");
    List<String> lines = List.of(cmd.split("\r\n"));
    assertThat(lines.stream().filter(l -> !l.startsWith("@rem ")).findFirst()).as("first command").contains("@echo off");
    // %~dp0 is the .cmd's own directory, with a trailing backslash: bin\..\lib\tunnelwatch.jar.
    assertThat(lines).contains("set \"TW_JAR=%~dp0..\\lib\\tunnelwatch.jar\"");
    assertThat(top.resolve("bin").resolve("../lib/tunnelwatch.jar").normalize()).isRegularFile();
    assertThat(lines).filteredOn(l -> l.contains("-jar"))
        .containsExactly("\"%TW_JAVA%\" %TUNNELWATCH_JAVA_OPTS% -jar \"%TW_JAR%\" %*");
    assertThat(lines).contains("if defined JAVA_HOME set \"TW_JAVA=%JAVA_HOME%\\bin\\java\"", "exit /b %ERRORLEVEL%");
    assertThat(lines).contains("  exit /b 3");
  }
}
