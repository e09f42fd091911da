// SPDX-License-Identifier: Apache-2.0
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes the Unix modes of the entries of every jar in a module's {@code target/} independent of the
 * umask, and checks that every entry carries {@code project.build.outputTimestamp} and a fixed mode.
 *
 * <p>Why: plexus-archiver (maven-jar-plugin's {@code test-jar} goal and non-modular jars,
 * maven-source-plugin, maven-javadoc-plugin) keeps each file's mode from the file system in
 * reproducible mode and only clears the group and other write bits (umask 022), so a build under
 * umask 077 writes 0600 files and 0700 directories where one under 022 writes 0644 and 0755. Modular
 * jars are rewritten through {@code java.util.zip}, which records no Unix mode at all (host
 * "MS-DOS"), and are left as they are. Only the central directory's "external attributes" of
 * entries made on Unix change: every other byte (order, times, compression) stays as written.
 *
 * <pre>
 * java .mvn/ReproducibleJars.java fix   OUTPUT_TIMESTAMP DIRECTORY   # the parent POM: package
 * java .mvn/ReproducibleJars.java check OUTPUT_TIMESTAMP DIRECTORY   # the parent POM: verify
 * </pre>
 *
 * <p>{@code check} (and {@code fix}, after fixing) fails (status 1) naming the jar, the entry and
 * the field for every entry whose mode is not 0644 (files) or 0755 (directories), that has a mode
 * while not made on Unix, or whose date in the central directory, the local header or an
 * extended-timestamp field is later than OUTPUT_TIMESTAMP: a time leaking from the clock or from a
 * file's modification time is later, while the shaded jars rightly keep the earlier dates of the
 * entries they copy from their dependencies. Only {@code *.jar} directly in DIRECTORY are read: the
 * CLI archives have executable files and their own check (DistributionIT).
 */
public final class ReproducibleJars {
  static final int FILE_MODE = 0100644;
  static final int DIRECTORY_MODE = 040755;
  private static final int UNIX = 3;
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int EXTENDED_TIMESTAMP = 0x5455;

  private ReproducibleJars() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !(args[0].equals("fix") || args[0].equals("check"))) {
      System.err.println("usage: java ReproducibleJars.java fix|check OUTPUT_TIMESTAMP DIRECTORY");
      System.exit(2);
    }
    boolean fix = args[0].equals("fix");
    Instant timestamp = parseTimestamp(args[1]);
    Path directory = Path.of(args[2]);
    if (!Files.isDirectory(directory)) {
      return; // a module that built nothing (e.g. -DskipTests validate)
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(directory)) {
      jars = files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
          .sorted()
          .toList();
    }
    List<String> problems = new ArrayList<>();
    int entries = 0;
    for (Path jar : jars) {
      Jar read = new Jar(jar, Files.readAllBytes(jar));
      if (fix && read.fixModes() > 0) {
        Files.write(jar, read.bytes);
      }
      entries += read.check(timestamp, problems);
    }
    if (!problems.isEmpty()) {
      problems.stream().limit(50).forEach(System.err::println);
      if (problems.size() > 50) {
        System.err.println("... and " + (problems.size() - 50) + " more");
      }
      System.err.println("not reproducible: " + problems.size() + " problems in " + directory);
      System.exit(1);
    }
    if (!fix) {
      System.out.println("reproducible jars: " + jars.size() + " in " + directory + ", " + entries
          + " entries dated " + timestamp + " or earlier, with modes 0644/0755 or none");
    }
  }

  /** Maven's two forms: ISO-8601 with an offset, or seconds since the epoch. */
  static Instant parseTimestamp(String value) {
    if (value.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochSecond(Long.parseLong(value));
    }
    return OffsetDateTime.parse(value).toInstant();
  }

  /** One jar, read whole (the largest, the shaded benchmarks jar, has a few megabytes). */
  static final class Jar {
    final Path path;
    final byte[] bytes;
    final int entryCount;
    final int centralOffset;

    Jar(Path path, byte[] bytes) {
      this.path = path;
      this.bytes = bytes;
      int end = findEnd();
      this.entryCount = u16(end + 10);
      this.centralOffset = (int) u32(end + 16);
      if (entryCount == 0xffff || u32(end + 16) == 0xffffffffL) {
        throw new IllegalStateException(path + ": a Zip64 archive, which this check does not read");
      }
    }

    private int findEnd() {
      int lowest = Math.max(0, bytes.length - 22 - 0xffff);
      for (int at = bytes.length - 22; at >= lowest; at--) {
        if (i32(at) == END_SIGNATURE) {
          return at;
        }
      }
      throw new IllegalStateException(path + ": no end of central directory record");
    }

    /** Sets every Unix entry's mode to 0644 or 0755; returns how many changed. */
    int fixModes() {
      int changed = 0;
      int at = centralOffset;
      for (int i = 0; i < entryCount; i++) {
        requireSignature(at, CENTRAL_SIGNATURE, i);
        if (u16(at + 4) >>> 8 == UNIX) {
          boolean directory = name(at).endsWith("/");
          long wanted = ((long) (directory ? DIRECTORY_MODE : FILE_MODE) << 16) | (directory ? 0x10 : 0);
          if (u32(at + 38) != wanted) {
            put32(at + 38, wanted);
            changed++;
          }
        }
        at = next(at);
      }
      return changed;
    }

    /** Adds a line naming jar, entry and field for each problem; returns the number of entries. */
    int check(Instant timestamp, List<String> problems) {
      LocalDateTime latest = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
      int at = centralOffset;
      for (int i = 0; i < entryCount; i++) {
        requireSignature(at, CENTRAL_SIGNATURE, i);
        String name = name(at);
        String where = path.getFileName() + ", entry " + (i + 1) + " (" + name + "): ";
        int mode = (int) (u32(at + 38) >>> 16);
        if (u16(at + 4) >>> 8 == UNIX) {
          int wantedMode = name.endsWith("/") ? DIRECTORY_MODE : FILE_MODE;
          if (mode != wantedMode) {
            problems.add(where + "mode " + Integer.toOctalString(mode) + ", expected "
                + Integer.toOctalString(wantedMode));
          }
        } else if (mode != 0) {
          problems.add(where + "mode " + Integer.toOctalString(mode) + " on an entry not made on Unix");
        }
        checkDosTime(where + "central directory date ", at + 12, latest, problems);
        int local = (int) u32(at + 42);
        requireSignature(local, LOCAL_SIGNATURE, i);
        checkDosTime(where + "local header date ", local + 10, latest, problems);
        checkExtendedTimestamp(where + "central directory ", at + 46 + u16(at + 28), u16(at + 30),
            timestamp, problems);
        checkExtendedTimestamp(where + "local header ", local + 30 + u16(local + 26), u16(local + 28),
            timestamp, problems);
        at = next(at);
      }
      return entryCount;
    }

    private void checkDosTime(String field, int at, LocalDateTime latest, List<String> problems) {
      int time = u16(at);
      int date = u16(at + 2);
      LocalDateTime found;
      try {
        found = LocalDateTime.of((date >>> 9) + 1980, (date >>> 5) & 0xf, date & 0x1f, time >>> 11,
            (time >>> 5) & 0x3f, (time & 0x1f) * 2);
      } catch (DateTimeException e) {
        problems.add(field + "invalid (date " + date + ", time " + time + ")");
        return;
      }
      if (found.isAfter(latest)) {
        problems.add(field + found + ", after " + latest + " (UTC)");
      }
    }

    /** The 0x5455 extra field, where present, must not hold a later modification time. */
    private void checkExtendedTimestamp(String field, int at, int length, Instant timestamp,
        List<String> problems) {
      int end = at + length;
      while (at + 4 <= end) {
        int id = u16(at);
        int size = u16(at + 2);
        if (id == EXTENDED_TIMESTAMP && size >= 5 && (bytes[at + 4] & 1) != 0) {
          long seconds = u32(at + 5);
          if (seconds > timestamp.getEpochSecond()) {
            problems.add(field + "extended timestamp " + Instant.ofEpochSecond(seconds) + ", after "
                + timestamp);
          }
        }
        at += 4 + size;
      }
    }

    private void requireSignature(int at, int signature, int entry) {
      if (at < 0 || at + 4 > bytes.length || i32(at) != signature) {
        throw new IllegalStateException(path + ", entry " + (entry + 1) + ": no "
            + (signature == CENTRAL_SIGNATURE ? "central directory" : "local") + " header at offset " + at);
      }
    }

    private String name(int central) {
      return new String(bytes, central + 46, u16(central + 28), StandardCharsets.UTF_8);
    }

    private int next(int central) {
      return central + 46 + u16(central + 28) + u16(central + 30) + u16(central + 32);
    }

    private int u16(int at) {
      return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
    }

    private int i32(int at) {
      return u16(at) | u16(at + 2) << 16;
    }

    private long u32(int at) {
      return i32(at) & 0xffffffffL;
    }

    private void put32(int at, long value) {
      for (int i = 0; i < 4; i++) {
        bytes[at + i] = (byte) (value >>> (8 * i));
      }
    }
  }
}
