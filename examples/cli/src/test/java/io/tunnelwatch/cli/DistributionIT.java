// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archives {@code target/tunnelwatch-<version>.zip} and {@code .tar.gz}, unpacked
 * as a user would: the tar.gz by {@code tar}, the zip with the modes it records (zipfs with POSIX
 * attributes, as {@code unzip} restores them), then both launchers run on {@code examples/data} in
 * child processes. The POSIX launcher runs from each archive (executed from the tar.gz, under
 * {@code sh} from the zip). {@code bin/tunnelwatch.cmd} cannot run without cmd.exe: {@link CmdScript}
 * executes its lines here with cmd's meaning of the few statements it uses ({@code set "V=..."},
 * {@code if defined}, {@code if not exist (...)}, {@code %~dp0}, {@code %V%}, {@code %*},
 * {@code exit /b}), so its jar path, its choice of java and the status it passes on are checked
 * by running the java command it builds; a line of any other kind fails the test. cmd.exe's own
 * quoting of special characters in {@code %*} is not checked.
 *
 * <p>What makes the archives reproducible (docs/release.md) is checked on their bytes: every entry
 * carries {@code project.build.outputTimestamp}, fixed modes and owners, no extra field or PAX
 * header that could hold a time or an id of the building machine, in the descriptor's order; the
 * gzip header holds no time and no name.
 */
final class DistributionIT {
  private static final String VERSION = System.getProperty("tunnelwatch.version", "0.1.0-SNAPSHOT");
  private static final Path DIST = Path.of(System.getProperty("tunnelwatch.dist", "target/tunnelwatch-" + VERSION));
  private static final String TOP = "tunnelwatch-" + VERSION;
  private static final String JAVA_HOME = System.getProperty("java.home");
  private static final Path JAVA = Path.of(JAVA_HOME, "bin", "java");
  /** The files of both archives under {@link #TOP}, in the order src/assembly/dist.xml names them. */
  private static final List<String> FILES =
      List.of("lib/tunnelwatch.jar", "bin/tunnelwatch", "bin/tunnelwatch.cmd", "LICENSE", "NOTICE", "README.md");

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  private static Path archive(String extension) {
    Path p = Path.of(DIST + extension).toAbsolutePath();
    assertThat(p).as("built by mvn package").isRegularFile();
    return p;
  }

  private static int run(Path workDir, List<String> command) throws IOException, InterruptedException {
    return run(workDir, command, Map.of());
  }

  private static int run(Path workDir, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(workDir.resolve("stdout").toFile())
        .redirectError(workDir.resolve("stderr").toFile());
    b.environment().putAll(env);
    Process p = b.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute: " + command).isTrue();
    return p.exitValue();
  }

  private Path untar() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(tmp.resolve("tar"));
    assertThat(run(dir, List.of("tar", "-xzf", archive(".tar.gz").toString()))).isZero();
    return dir.resolve(TOP);
  }

  /**
   * Unpacks the zip keeping the Unix modes it records, as Info-ZIP's {@code unzip} does. (The
   * earlier {@code ZipFile} loop failed before writing anything: AssertJ's {@code Path.startsWith}
   * resolves real paths, so checking an entry not yet written threw NoSuchFileException.)
   */
  private Path unzip() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("zip"));
    try (FileSystem zip = FileSystems.newFileSystem(archive(".zip"), Map.of("enablePosixFileAttributes", true));
        Stream<Path> entries = Files.walk(zip.getPath("/"))) {
      for (Path entry : entries.toList()) {
        Path target = dir.resolve(entry.toString().substring(1)).normalize();
        assertThat(target.startsWith(dir)).as("%s stays inside the directory it is unpacked in", entry).isTrue();
        if (Files.isDirectory(entry)) {
          Files.createDirectories(target);
        } else {
          Files.copy(entry, target);
          Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(entry));
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

  private String stdout() throws IOException {
    return Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8);
  }

  private String stderr() throws IOException {
    return Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);
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
      assertThat(Files.getPosixFilePermissions(zip.resolve(f))).as("mode of %s in the zip and the tar.gz", f)
          .isEqualTo(Files.getPosixFilePermissions(tar.resolve(f)));
    }
    assertThat(Files.isExecutable(tar.resolve("bin/tunnelwatch"))).as("tar keeps the launcher's mode").isTrue();
    assertThat(Files.isExecutable(zip.resolve("bin/tunnelwatch"))).as("the zip records the launcher's mode").isTrue();
    assertThat(Files.readString(tar.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
    assertThat(Files.readString(tar.resolve("NOTICE"))).startsWith("tunnelwatch\n");
  }

  /** The time every entry must carry: the build's {@code project.build.outputTimestamp}, passed on by failsafe. */
  private static Instant outputTimestamp() {
    String time = System.getProperty("tunnelwatch.outputTimestamp", "");
    assertThat(time).as("-Dtunnelwatch.outputTimestamp (the failsafe configuration sets it to project.build.outputTimestamp)").isNotEmpty();
    return Instant.parse(time);
  }

  /** Modes are fixed, never the building user's umask: the launcher and directories 0755, the rest 0644. */
  private static String mode(String entry) {
    return entry.endsWith("/") || entry.endsWith("bin/tunnelwatch") ? "rwxr-xr-x" : "rw-r--r--";
  }

  @Test
  void tarGz_entriesCarryTheOutputTimestamp_rootAsOwner_andFixedModes_inTheDescriptorsOrder() throws Exception {
    byte[] gz = Files.readAllBytes(archive(".tar.gz"));
    // RFC 1952: ID1 ID2 CM FLG MTIME[4] XFL OS; FLG 0 is no file name, comment or extra field.
    assertThat(gz[3]).as("gzip FLG").isZero();
    assertThat(Arrays.copyOfRange(gz, 4, 8)).as("gzip MTIME").containsExactly(0, 0, 0, 0);
    List<TarHeader> headers;
    try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      headers = TarHeader.readAll(tar);
    }
    assertThat(headers).extracting(TarHeader::name).containsExactlyElementsOf(FILES.stream().map(f -> TOP + "/" + f).toList());
    long seconds = outputTimestamp().getEpochSecond();
    for (TarHeader h : headers) {
      assertThat(h.type()).as("%s: a plain file, no PAX or GNU header before it", h.name()).isEqualTo('0');
      assertThat(h.mtime()).as("%s: mtime", h.name()).isEqualTo(seconds);
      assertThat(List.of(h.uid(), h.gid())).as("%s: uid and gid", h.name()).containsExactly(0L, 0L);
      assertThat(List.of(h.owner(), h.group())).as("%s: owner and group names", h.name()).containsExactly("root", "root");
      assertThat(h.permissions()).as("%s: mode", h.name()).isEqualTo(mode(h.name()));
    }
  }

  @Test
  void zip_entriesCarryTheOutputTimestamp_noExtraFields_andFixedModes_inTheDescriptorsOrder() throws Exception {
    List<String> expected = new ArrayList<>(List.of(TOP + "/", TOP + "/lib/", TOP + "/bin/"));
    FILES.forEach(f -> expected.add(TOP + "/" + f));
    // DOS times have no zone: they hold the timestamp's UTC fields whatever zone the build ran in.
    LocalDateTime dosTime = LocalDateTime.ofInstant(outputTimestamp(), ZoneOffset.UTC);
    List<ZipEntry> central;
    try (ZipFile zip = new ZipFile(archive(".zip").toFile())) {
      central = new ArrayList<>(Collections.list(zip.entries()));
    }
    List<ZipEntry> local = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive(".zip")))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        local.add(e);
      }
    }
    assertFixed("central directory", central, expected, dosTime);
    assertFixed("local headers", local, expected, dosTime);
    try (FileSystem zip = FileSystems.newFileSystem(archive(".zip"), Map.of("enablePosixFileAttributes", true))) {
      for (String name : expected) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zip.getPath(name))))
            .as("%s: mode", name).isEqualTo(mode(name));
      }
    }
  }

  private static void assertFixed(String where, List<ZipEntry> entries, List<String> names, LocalDateTime dosTime) {
    assertThat(entries).as(where).extracting(ZipEntry::getName).containsExactlyElementsOf(names);
    for (ZipEntry e : entries) {
      assertThat(e.getTimeLocal()).as("%s, %s: time", e.getName(), where).isEqualTo(dosTime);
      assertThat(e.getExtra()).as("%s, %s: extra field (an extended timestamp or a uid would vary)", e.getName(), where)
          .isNullOrEmpty();
    }
  }

  @Test
  void posixLauncher_fromTheTarGz_scansTheSampleLikeTheJar() throws Exception {
    Path top = untar();
    String data = CliRun.DATA.toAbsolutePath().toString();
    int status = run(tmp, List.of(top.resolve("bin/tunnelwatch").toString(), "scan", "-o", "jsonl", data));
    assertThat(status).as(stderr()).isZero();
    assertThat(stdout()).isEqualTo(CliRun.resource("expected/all.jsonl"));
  }

  @Test
  void posixLauncher_fromTheZip_underSh_scansTheSample_andPassesTheStatusOn() throws Exception {
    Path top = unzip();
    String data = CliRun.DATA.toAbsolutePath().toString();
    int status = run(tmp, List.of("sh", top.resolve("bin/tunnelwatch").toString(), "scan", "-o", "jsonl", "--fail-on-detection", data));
    assertThat(status).as(stderr()).isEqualTo(ExitStatus.DETECTION);
    assertThat(stdout()).isEqualTo(CliRun.resource("expected/all.jsonl"));
  }

  @Test
  void windowsLauncher_isCrlfText_andNamesTheJarNextToIt() throws Exception {
    Path top = unzip();
    String cmd = Files.readString(top.resolve("bin/tunnelwatch.cmd"), StandardCharsets.UTF_8);
    assertThat(cmd.replace("\r\n", "")).as("every line ends in CRLF").doesNotContain("\n");
    List<String> lines = List.of(cmd.split("\r\n"));
    assertThat(lines.stream().filter(l -> !l.startsWith("rem") && !l.startsWith("@rem")).findFirst()).as("first command").contains("@echo off");
    // %~dp0 is the .cmd's own directory, with a trailing backslash: bin\..\lib\tunnelwatch.jar.
    assertThat(lines).contains("set \"TW_JAR=%~dp0..\\lib\\tunnelwatch.jar\"");
    assertThat(lines).filteredOn(l -> l.contains("-jar") && !l.startsWith("rem"))
        .containsExactly("\"%TW_JAVA%\" %TUNNELWATCH_JAVA_OPTS% -jar \"%TW_JAR%\" %*");
  }

  @Test
  void windowsLauncher_runsTheJarNextToIt_withJavaHome_onTheSample() throws Exception {
    Path top = unzip();
    String data = CliRun.DATA.toAbsolutePath().toString();
    int status = new CmdScript(top.resolve("bin/tunnelwatch.cmd"), tmp)
        .env("JAVA_HOME", JAVA_HOME)
        .run("scan", "-o", "jsonl", data);
    assertThat(status).as(stderr()).isZero();
    assertThat(stdout()).isEqualTo(CliRun.resource("expected/all.jsonl"));
  }

  @Test
  void windowsLauncher_prefersJavaToJavaHome_takesJvmOptions_andPassesTheStatusOn() throws Exception {
    Path top = unzip();
    String data = CliRun.DATA.toAbsolutePath().toString();
    CmdScript script = new CmdScript(top.resolve("bin/tunnelwatch.cmd"), tmp)
        .env("JAVA_HOME", tmp.resolve("no-such-jdk").toString())
        .env("JAVA", JAVA.toString())
        .env("TUNNELWATCH_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    int status = script.run("scan", "--fail-on-detection", "-o", "jsonl", data);
    assertThat(status).as(stderr()).isEqualTo(ExitStatus.DETECTION);
    assertThat(stdout()).isEqualTo(CliRun.resource("expected/all.jsonl"));
    assertThat(script.commands()).singleElement().satisfies(c -> assertThat(c).startsWith(
        JAVA.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", top.resolve("bin/../lib/tunnelwatch.jar").toString()));
  }

  @Test
  void windowsLauncher_withoutItsJar_exitsThree_withoutRunningJava() throws Exception {
    Path top = unzip();
    Files.delete(top.resolve("lib/tunnelwatch.jar"));
    CmdScript script = new CmdScript(top.resolve("bin/tunnelwatch.cmd"), tmp).env("JAVA", JAVA.toString());
    assertThat(script.run("scan", "x.xml")).isEqualTo(ExitStatus.INPUT);
    assertThat(script.commands()).isEmpty();
    assertThat(stderr()).isEqualTo("tunnelwatch: no " + top.resolve("bin") + "/..\\lib\\tunnelwatch.jar\n");
  }

  /** A ustar header block (POSIX.1-1988), read as it is stored: the fields a reproducible archive fixes. */
  private record TarHeader(String name, char type, int mode, long uid, long gid, long mtime, String owner, String group) {
    private static final int BLOCK = 512;

    /** Every header up to the two zero blocks that end the archive, PAX and GNU ones included. */
    static List<TarHeader> readAll(InputStream tar) throws IOException {
      List<TarHeader> headers = new ArrayList<>();
      byte[] b = new byte[BLOCK];
      while (tar.readNBytes(b, 0, BLOCK) == BLOCK) {
        if (Arrays.equals(b, new byte[BLOCK])) {
          return headers;
        }
        String prefix = text(b, 345, 155);
        String name = text(b, 0, 100);
        headers.add(new TarHeader(prefix.isEmpty() ? name : prefix + "/" + name, (char) b[156], (int) octal(b, 100, 8),
            octal(b, 108, 8), octal(b, 116, 8), octal(b, 136, 12), text(b, 265, 32), text(b, 297, 32)));
        long size = octal(b, 124, 12);
        tar.skipNBytes((size + BLOCK - 1) / BLOCK * BLOCK);
      }
      throw new AssertionError("the tar ends without its end-of-archive blocks, after " + headers);
    }

    /** The permission bits as {@code ls} shows them, e.g. {@code rw-r--r--}. */
    String permissions() {
      String rwx = "rwxrwxrwx";
      StringBuilder s = new StringBuilder();
      for (int bit = 8; bit >= 0; bit--) {
        s.append((mode & (1 << bit)) != 0 ? rwx.charAt(8 - bit) : '-');
      }
      return s.toString();
    }

    private static String text(byte[] b, int offset, int length) {
      int end = offset;
      while (end < offset + length && b[end] != 0) {
        end++;
      }
      return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int offset, int length) {
      String digits = text(b, offset, length).strip();
      return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
  }

  /**
   * Runs a {@code .cmd} file's lines with cmd.exe's meaning of the statements the launcher uses,
   * on this machine: {@code %~dp0} is the script's directory with a trailing separator, a backslash
   * in a path is a directory separator, and the one command it starts (its first word quoted) is run
   * as a child process whose exit status becomes {@code %ERRORLEVEL%}. Anything else fails the test.
   */
  private static final class CmdScript {
    private static final Pattern SET = Pattern.compile("set \"([A-Z_]+)=(.*)\"");
    private static final Pattern IF_DEFINED = Pattern.compile("if defined ([A-Z_]+) (.*)");
    private static final Pattern IF_NOT_EXIST = Pattern.compile("if not exist \"(.*)\" \\(");
    private static final Pattern VARIABLE = Pattern.compile("%([A-Z_]+)%");
    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    private final Path script;
    private final Path workDir;
    private final Map<String, String> env = new HashMap<>();
    private final List<List<String>> commands = new ArrayList<>();

    CmdScript(Path script, Path workDir) {
      this.script = script;
      this.workDir = workDir;
    }

    CmdScript env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** The commands it started, each as the words of its command line. */
    List<List<String>> commands() {
      return commands;
    }

    int run(String... args) throws IOException, InterruptedException {
      Map<String, String> vars = new HashMap<>(env);
      List<String> lines = List.of(Files.readString(script, StandardCharsets.UTF_8).split("\r\n"));
      Files.writeString(workDir.resolve("stderr"), "");
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.equals("@echo off") || line.equals("setlocal") || line.equals("rem") || line.startsWith("rem ")
            || line.startsWith("@rem ")) {
          continue;
        }
        Matcher notExist = IF_NOT_EXIST.matcher(line);
        if (notExist.matches()) {
          int end = i + 1;
          while (!lines.get(end).strip().equals(")")) {
            end++;
          }
          if (Files.exists(path(expand(notExist.group(1), vars)))) {
            i = end;
          }
          continue;
        }
        if (line.equals(")")) {
          continue;
        }
        Matcher ifDefined = IF_DEFINED.matcher(line);
        if (ifDefined.matches()) {
          if (!vars.containsKey(ifDefined.group(1))) {
            continue;
          }
          line = ifDefined.group(2);
        }
        Matcher set = SET.matcher(line);
        if (set.matches()) {
          vars.put(set.group(1), expand(set.group(2), vars));
        } else if (line.startsWith("echo ") && line.endsWith(" 1>&2")) {
          Files.writeString(workDir.resolve("stderr"), expand(line.substring(5, line.length() - 5), vars) + "\n");
        } else if (line.startsWith("exit /b ")) {
          return Integer.parseInt(expand(line.substring(8), vars));
        } else if (line.startsWith("\"")) {
          List<String> command = new ArrayList<>();
          for (Matcher w = WORD.matcher(line); w.find(); ) {
            if (w.group(2) != null && w.group(2).equals("%*")) {
              command.addAll(List.of(args));
            } else if (w.group(1) != null) {
              command.add(expand(w.group(1), vars));
            } else {
              command.addAll(Arrays.stream(expand(w.group(2), vars).split(" ")).filter(s -> !s.isEmpty()).toList());
            }
          }
          // The Windows paths it built, as paths here: the java to run and the jar.
          command.set(0, path(command.get(0)).toString());
          int jar = command.indexOf("-jar") + 1;
          command.set(jar, path(command.get(jar)).toString());
          commands.add(command);
          vars.put("ERRORLEVEL", Integer.toString(DistributionIT.run(workDir, command, Map.of())));
        } else {
          throw new AssertionError("line " + (i + 1) + " of " + script + " is of a kind this check does not execute: " + line);
        }
      }
      return 0;
    }

    private String expand(String text, Map<String, String> vars) {
      String withDir = text.replace("%~dp0", script.getParent() + "/");
      return VARIABLE.matcher(withDir).replaceAll(m -> Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "")));
    }

    private static Path path(String windows) {
      return Path.of(windows.replace('\\', '/'));
    }
  }
}
