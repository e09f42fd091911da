// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reader does with real files: damaged gzip tails, named pipes, directories (issue 12,
 * items 6 to 8; issue 13, item 6). The format is {@link EventReaderTest.KvFormat}.
 */
final class EventReaderFilesTest {
  private static final EventReaderTest.KvFormat KV = new EventReaderTest.KvFormat("kv", "kv");

  private final EventReader reader = EventReader.builder().addFormat(KV).build();
  private final List<ProcessEvent> events = new ArrayList<>();

  private static byte[] lines(int count, String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append("kv 2024-01-01T00:00:00Z ").append(name).append(i).append(".exe\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }

  @Test
  void truncatedGzip_keepsTheEventsBeforeTheDamage_andSaysWhereItStopped(@TempDir Path dir) throws IOException {
    byte[] gz = gzip(lines(20_000, "p"));
    Path cut = Files.write(dir.resolve("cut.log.gz"), Arrays.copyOf(gz, gz.length / 2));
    UnreadableInputException e = catchThrowableOfType(UnreadableInputException.class, () -> reader.read(cut, events::add));
    assertThat(e.partial().events()).isBetween(1000L, 19_999L).isEqualTo(events.size());
    assertThat(e.source()).isEqualTo(cut.toString());
    assertThat(e).hasMessageStartingWith("cannot read " + cut + " to its end (stopped after line " + e.partial().lines() + "): EOFException");
    assertThat(e.getMessage()).doesNotContain("kv 2024");
  }

  @Test
  void badGzipCrc_keepsEveryEvent_andIsReported(@TempDir Path dir) throws IOException {
    byte[] gz = gzip(lines(100, "p"));
    gz[gz.length - 8] ^= 1; // the CRC-32 of the trailer
    Path bad = Files.write(dir.resolve("bad.gz"), gz);
    UnreadableInputException e = catchThrowableOfType(UnreadableInputException.class, () -> reader.read(bad, events::add));
    assertThat(events).hasSize(100);
    assertThat(e.partial().events()).isEqualTo(100);
    assertThat(e).hasMessageContaining("ZipException");
  }

  /** Issue 12, item 7: {@code scan <(zcat x.gz)} failed with "Illegal seek". */
  @Test
  void namedPipe_isReadAsAStream_gzippedOrNot(@TempDir Path dir) throws Exception {
    for (byte[] content : List.of(lines(3000, "p"), gzip(lines(3000, "p")))) {
      Path fifo = dir.resolve("pipe" + content.length);
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
      assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          Files.write(fifo, content);
        } catch (IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
      });
      events.clear();
      ReadSummary s = reader.read(fifo, events::add);
      writer.get(10, TimeUnit.SECONDS);
      assertThat(s.events()).isEqualTo(3000);
      assertThat(events).hasSize(3000);
    }
  }

  @Test
  void directory_readsItsEventFiles_recursively_inPathOrder(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("b/c"));
    Files.createDirectories(dir.resolve(".git"));
    Files.write(dir.resolve("b/c/z.ndjson"), lines(1, "z"));
    Files.write(dir.resolve("a.log.1.gz"), gzip(lines(1, "a")));
    Files.write(dir.resolve("b/Security.EVTX"), lines(1, "s")); // the name decides what is read, the content what it is
    Files.write(dir.resolve("b/notes.md"), lines(1, "n"));
    Files.write(dir.resolve(".hidden.log"), lines(1, "h"));
    Files.write(dir.resolve(".git/x.log"), lines(1, "g"));
    Files.createSymbolicLink(dir.resolve("b/c/loop"), dir.resolve("b")); // back to a directory above
    assertThat(EventReader.files(dir)).containsExactly(
        dir.resolve("a.log.1.gz"), dir.resolve("b/Security.EVTX"), dir.resolve("b/c/z.ndjson"));
    ReadSummary s = reader.read(dir, events::add);
    assertThat(s.events()).isEqualTo(3);
    assertThat(events).extracting(e -> e.get(Field.PROCESS_NAME)).containsExactly("a0.exe", "s0.exe", "z0.exe");
  }

  @Test
  void directory_withAFailingFile_readsTheOthers_thenReportsIt(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("a.log"), lines(2, "a"));
    Files.createSymbolicLink(dir.resolve("b.log"), dir.resolve("gone.log")); // leads nowhere
    byte[] gz = gzip(lines(20_000, "c"));
    Files.write(dir.resolve("c.log.gz"), Arrays.copyOf(gz, gz.length / 2));
    Files.write(dir.resolve("d.log"), lines(3, "d"));
    UnreadableInputException e = catchThrowableOfType(UnreadableInputException.class, () -> reader.read(dir, events::add));
    assertThat(e).hasMessageStartingWith("2 of 4 files in " + dir + " could not be read; the first: ");
    assertThat(e.getCause()).isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(e.getSuppressed()).singleElement().isInstanceOf(UnreadableInputException.class);
    assertThat(events).extracting(x -> x.get(Field.PROCESS_NAME)).contains("a1.exe", "d0.exe", "d2.exe");
    assertThat(e.partial().events()).isEqualTo(events.size()).isGreaterThan(5);
  }

  @Test
  void directory_withoutEventFiles_isAnError(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("readme.md"), lines(1, "r"));
    UnreadableInputException e = catchThrowableOfType(UnreadableInputException.class, () -> reader.read(dir, events::add));
    assertThat(e).hasMessageStartingWith("no event file found in " + dir + " (*.evtx, ");
    assertThat(EventReader.files(dir)).isEmpty();
  }

  @Test
  void aFileIsItsOwnList(@TempDir Path dir) throws IOException {
    Path f = Files.write(dir.resolve("x.md"), lines(1, "x"));
    assertThat(EventReader.files(f)).containsExactly(f);
  }
}
