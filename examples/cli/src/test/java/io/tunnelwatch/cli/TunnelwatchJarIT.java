// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a user runs it: {@code java -jar target/tunnelwatch.jar}, in a child process. */
final class TunnelwatchJarIT {
  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  /** Runs the jar; returns exit status, stdout and stderr. */
  static CliRun java(Path workDir, String... args) throws IOException, InterruptedException {
    return java(workDir, List.of("-jar", jar().toString()), args);
  }

  /** The jar under test. */
  static Path jar() {
    Path jar = Path.of(System.getProperty("tunnelwatch.jar", "target/tunnelwatch.jar")).toAbsolutePath();
    assertThat(jar).isRegularFile();
    return jar;
  }

  /** Runs java with {@code options} (which name the jar or class path and main class), then {@code args}. */
  static CliRun java(Path workDir, List<String> options, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(options);
    command.addAll(List.of(args));
    Path out = workDir.resolve("stdout");
    Path err = workDir.resolve("stderr");
    Process p = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    // generous: a scan of seconds on a quiet machine, run beside other builds on a loaded one
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished within two minutes").isTrue();
    return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8).replaceAll("(?m)^time {9}.*$", "time X"));
  }

  @Test
  void jar_scansTheSampleLikeTheReadmeSays() throws Exception {
    CliRun r = java(tmp, "scan", "-o", "jsonl", CliRun.DATA.toAbsolutePath().toString());
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(CliRun.resource("expected/all.jsonl"));
    assertThat(r.err()).contains("\nrows         6\n").doesNotContain("\r").doesNotContain("Exception");
  }

  /** Issue 12, item 7: {@code scan <(zcat x.gz)} failed with "Illegal seek"; a real shell's process substitution. */
  @Test
  void jar_readsAProcessSubstitution() throws Exception {
    Path jar = Path.of(System.getProperty("tunnelwatch.jar", "target/tunnelwatch.jar")).toAbsolutePath();
    Path out = tmp.resolve("stdout");
    Process p = new ProcessBuilder("bash", "-c", "exec \"$0\" -jar \"$1\" scan -o jsonl <(gzip -c \"$2\")",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), jar.toString(),
        CliRun.data("constructed-devtunnel-sysmon.xml"))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(tmp.resolve("stderr").toFile())
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute").isTrue();
    assertThat(Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8)).doesNotContain("Illegal seek");
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(CliRun.resource("expected/sysmon.jsonl"));
  }

  /** The adapters create Aalto by class; the jar does not make it every StAX user's parser. */
  @Test
  void jar_doesNotRegisterAaltoAsTheStaxProvider() throws Exception {
    Path jar = jar();
    try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
      assertThat(j.getEntry("com/fasterxml/aalto/stax/InputFactoryImpl.class")).isNotNull();
      assertThat(j.getEntry("META-INF/services/javax.xml.stream.XMLInputFactory")).isNull();
      assertThat(j.getEntry("META-INF/services/io.tunnelwatch.core.spi.EventFormat")).isNotNull();
    }
  }

  /**
   * Every licence and notice file of every jar the shaded jar bundles (the jars on this test's class
   * path whose first class file it holds) is in it: an entry of the same name containing that text.
   */
  @Test
  void jar_carriesEveryBundledLicenceAndNotice() throws Exception {
    Path jar = Path.of(System.getProperty("tunnelwatch.jar", "target/tunnelwatch.jar")).toAbsolutePath();
    int checked = 0;
    try (java.util.jar.JarFile shaded = new java.util.jar.JarFile(jar.toFile())) {
      assertThat(text(shaded, "META-INF/LICENSE")).startsWith(Files.readString(Path.of("../../LICENSE")));
      assertThat(text(shaded, "META-INF/NOTICE")).startsWith(Files.readString(Path.of("../../NOTICE")));
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        if (!entry.endsWith(".jar")) {
          continue;
        }
        try (java.util.jar.JarFile dependency = new java.util.jar.JarFile(entry)) {
          java.util.Optional<String> aClass = dependency.stream().map(java.util.zip.ZipEntry::getName)
              .filter(n -> n.endsWith(".class") && !n.contains("module-info")).findFirst();
          if (aClass.isEmpty() || shaded.getEntry(aClass.get()) == null) {
            continue; // not bundled (JUnit, AssertJ, ...)
          }
          for (String name : dependency.stream().map(java.util.zip.ZipEntry::getName)
              .filter(n -> n.matches("(?i)META-INF/[^/]*(LICEN[CS]E|NOTICE)[^/]*")).toList()) {
            assertThat(shaded.getEntry(name)).as(entry + " " + name).isNotNull();
            assertThat(text(shaded, name)).as(entry + " " + name).contains(text(dependency, name).strip());
            checked++;
          }
        }
      }
    }
    assertThat(checked).as("licence files checked (Jackson, Aalto, Stax2, SLF4J)").isGreaterThanOrEqualTo(10);
  }

  private static String text(java.util.jar.JarFile jar, String name) throws IOException {
    java.util.zip.ZipEntry e = jar.getEntry(name);
    assertThat(e).as(jar.getName() + " " + name).isNotNull();
    try (java.io.InputStream in = jar.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void jar_printsItsVersionAndUsageErrors() throws Exception {
    assertThat(java(tmp, "--version").out()).startsWith("tunnelwatch 0.1.0");
    CliRun bad = java(tmp, "scan", "--output", "xml", "x");
    assertThat(bad.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(bad.err().lines()).hasSize(1);
  }
}
