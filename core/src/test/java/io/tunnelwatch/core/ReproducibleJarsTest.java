// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's {@code .mvn/ReproducibleJars.java}, which every module runs on its {@code target/*.jar}
 * ("fix" in package, "check" in verify), run as the build runs it on jars written here entry by
 * entry: made on Unix with the modes a umask 077 build gives (0700, 0600), dated after
 * {@code project.build.outputTimestamp}, or made on MS-DOS with no mode (modular and shaded jars).
 */
final class ReproducibleJarsTest {
  private static final Path TOOL =
      Path.of("..").toAbsolutePath().normalize().resolve(".mvn/ReproducibleJars.java");
  private static final String TIMESTAMP = "2026-11-27T00:00:00Z";
  private static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 27, 0, 0);
  private static final int UNIX = 0x031e; // version made by: Unix, zip 3.0
  private static final int MS_DOS = 0x0014;

  private record Entry(String name, String data) {}

  private static final List<Entry> ENTRIES = List.of(
      new Entry("META-INF/", ""),
      new Entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n"),
      new Entry("corpus/", ""),
      new Entry("corpus/sysmon.xml", "<Event/>\n"));

  @Test
  void check_namesEachEntryWithAnotherModeOrALaterDate_andFails(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("umask077.jar"), jar(UNIX, 040700, 0100600, TIME));
    Files.write(dir.resolve("later.jar"), jar(UNIX, 040755, 0100644, TIME.plusDays(1)));
    Files.write(dir.resolve("fixed.jar"), jar(UNIX, 040755, 0100644, TIME));
    Files.write(dir.resolve("modular.jar"), jar(MS_DOS, 0, 0, TIME));
    // A shaded jar keeps the dates of the entries it copies from its dependencies' jars.
    Files.write(dir.resolve("shaded.jar"), jar(MS_DOS, 0, 0, TIME.minusYears(1)));

    Run run = tool("check", dir);

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.output()).contains(
        "umask077.jar, entry 1 (META-INF/): mode 40700, expected 40755",
        "umask077.jar, entry 4 (corpus/sysmon.xml): mode 100600, expected 100644",
        "later.jar, entry 2 (META-INF/MANIFEST.MF): central directory date 2026-11-28T00:00,"
            + " after 2026-11-27T00:00 (UTC)",
        "later.jar, entry 2 (META-INF/MANIFEST.MF): local header date 2026-11-28T00:00",
        "not reproducible: 12 problems")
        .doesNotContain("fixed.jar", "modular.jar", "shaded.jar");
  }

  @Test
  void fix_changesOnlyTheModes_toWhatAUmask022BuildWrites(@TempDir Path dir) throws Exception {
    Path umask077 = dir.resolve("tunnelwatch-core-tests.jar");
    Files.write(umask077, jar(UNIX, 040700, 0100600, TIME));
    byte[] modular = jar(MS_DOS, 0, 0, TIME);
    Files.write(dir.resolve("tunnelwatch-core.jar"), modular);

    Run fix = tool("fix", dir); // which then checks what it fixed: status 1 for any problem left

    assertThat(fix.output()).doesNotContain("not reproducible");
    assertThat(fix.status()).isZero();

    assertThat(Files.readAllBytes(umask077)).isEqualTo(jar(UNIX, 040755, 0100644, TIME));
    assertThat(Files.readAllBytes(dir.resolve("tunnelwatch-core.jar"))).isEqualTo(modular);
    try (JarFile read = new JarFile(umask077.toFile())) {
      assertThat(read.getManifest().getMainAttributes().getValue("Manifest-Version")).isEqualTo("1.0");
    }
  }

  private record Run(int status, String output) {}

  private static Run tool(String mode, Path dir) throws Exception {
    // The flags the parent POM gives it: C1 only and the serial collector halve a run's CPU time.
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", TOOL.toString(), mode, TIMESTAMP, dir.toString())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), output);
  }

  /** A stored (uncompressed) zip of {@link #ENTRIES}, every header written field by field. */
  private static byte[] jar(int madeBy, int directoryMode, int fileMode, LocalDateTime time) {
    int dosTime = (time.getHour() << 11) | (time.getMinute() << 5) | (time.getSecond() / 2);
    int dosDate = ((time.getYear() - 1980) << 9) | (time.getMonthValue() << 5) | time.getDayOfMonth();
    ByteBuffer local = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer central = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    for (Entry entry : ENTRIES) {
      byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
      byte[] data = entry.data().getBytes(StandardCharsets.UTF_8);
      CRC32 crc = new CRC32();
      crc.update(data);
      boolean directory = entry.name().endsWith("/");
      int offset = local.position();
      local.putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0)
          .putShort((short) dosTime).putShort((short) dosDate).putInt((int) crc.getValue())
          .putInt(data.length).putInt(data.length).putShort((short) name.length).putShort((short) 0)
          .put(name).put(data);
      central.putInt(0x02014b50).putShort((short) madeBy).putShort((short) 10).putShort((short) 0)
          .putShort((short) 0).putShort((short) dosTime).putShort((short) dosDate)
          .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
          .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putInt(((directory ? directoryMode : fileMode) << 16) | (directory ? 0x10 : 0))
          .putInt(offset).put(name);
    }
    int centralOffset = local.position();
    int centralSize = central.position();
    ByteBuffer zip = ByteBuffer.allocate(centralOffset + centralSize + 22).order(ByteOrder.LITTLE_ENDIAN);
    zip.put(local.flip()).put(central.flip())
        .putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
        .putShort((short) ENTRIES.size()).putShort((short) ENTRIES.size())
        .putInt(centralSize).putInt(centralOffset).putShort((short) 0);
    return zip.array();
  }
}
