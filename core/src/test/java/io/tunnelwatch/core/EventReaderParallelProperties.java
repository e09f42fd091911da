// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.tck.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read on several threads gives exactly what a one-thread read gives: the same events in the
 * same order with the same origins, the same summary and rejections, and in strict mode the same
 * first malformed line; whatever the size of the pieces, including pieces shorter than a line.
 */
@ExtendWith(Seeds.class)
final class EventReaderParallelProperties {
  /** The KV test format with JSON escaping declared, so that the prefilter applies to it. */
  private static final EventFormat KV = new EventFormat() {
    private final EventFormat kv = new EventReaderTest.KvFormat("kv", "kv");

    @Override
    public String id() {
      return kv.id();
    }

    @Override
    public LineClaim claim(byte[] line, int offset, int length) {
      return kv.claim(line, offset, length);
    }

    @Override
    public LineParser newParser() {
      return kv.newParser();
    }

    @Override
    public LineSyntax syntax() {
      return LineSyntax.JSON;
    }
  };

  private static String randomInput(Random rnd) {
    StringBuilder b = new StringBuilder(rnd.nextInt(4) == 0 ? "\uFEFF" : "");
    int lines = 2000 + rnd.nextInt(3000);
    for (int i = 0; i < lines; i++) {
      String name = switch (rnd.nextInt(20)) {
        case 0 -> "DevTunnel.exe";
        case 1 -> "devtunnel.dll";
        default -> "cmd" + rnd.nextInt(100) + ".exe";
      };
      if (rnd.nextInt(50) == 0) {
        b.append('\uFEFF'); // a UTF-8 BOM where `cat` joined two files
      }
      switch (rnd.nextInt(30)) {
        case 0 -> b.append("");
        case 1 -> b.append("kv skip");
        case 2 -> b.append("kv nonsense ").append(name);
        case 3 -> b.append("zzz no format");
        case 4 -> b.append("kv 2024-01-01T00:00:00Z ").append("x".repeat(300)).append(name);
        case 5 -> b.append("kv yesterday ").append(name);
        default -> b.append("kv 2024-01-01T00:").append(10 + rnd.nextInt(50)).append(":00Z ").append(name);
      }
      // every line end, so that CRLF and lone CRs fall on piece boundaries too
      b.append(switch (rnd.nextInt(10)) {
        case 0 -> "\r\n";
        case 1 -> "\r";
        default -> "\n";
      });
    }
    if (rnd.nextBoolean()) {
      b.append("kv 2024-01-01T00:00:00Z devtunnel.exe"); // no newline at the end
    }
    return b.toString();
  }

  /** A format that fails on a line holding "boom", the way a broken format or an exhausted heap would. */
  private static EventFormat failing(RuntimeException runtime, Error error) {
    return new EventFormat() {
      @Override
      public String id() {
        return KV.id();
      }

      @Override
      public LineClaim claim(byte[] line, int offset, int length) {
        String text = new String(line, offset, length, StandardCharsets.UTF_8);
        if (text.contains("boom runtime")) {
          throw runtime;
        }
        if (text.contains("boom error")) {
          throw error;
        }
        return KV.claim(line, offset, length);
      }

      @Override
      public LineParser newParser() {
        return KV.newParser();
      }

      @Override
      public LineSyntax syntax() {
        return LineSyntax.JSON;
      }
    };
  }

  /** A thread that fails on a piece ends the read with that failure; the caller never waits forever. */
  @Test
  void aFailingPiece_endsTheRead_onWhicheverThreadItFails(@TempDir Path dir) throws IOException {
    for (String boom : List.of("boom runtime", "boom error")) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        b.append(i == 1500 ? boom : "kv 2024-01-01T00:00:00Z cmd.exe").append('\n');
      }
      Path file = dir.resolve("boom.log");
      Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
      for (int round = 0; round < 20; round++) {
        EventReader reader = EventReader.builder().addFormat(failing(new IllegalStateException("broken"), new StackOverflowError("deep")))
            .prefilterFor(Detection.builder().build()).parallel(true).minParallelBytes(1).chunkBytes(1000).build();
        Throwable t = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
            () -> org.assertj.core.api.Assertions.catchThrowable(() -> reader.read(file, e -> { })));
        assertThat(t).as(boom).isNotNull();
        Throwable root = t;
        while (root instanceof IOException && root.getCause() != null) {
          root = root.getCause(); // UnreadableInputException, then the piece's IOException
        }
        assertThat(root).as(boom).isInstanceOfAny(IllegalStateException.class, StackOverflowError.class);
      }
    }
  }

  @Test
  void parallelRead_equalsOneThreadRead(@TempDir Path dir) throws IOException {
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    for (int round = 0; round < 20; round++) {
      Path file = dir.resolve("in-" + round + ".log");
      Files.writeString(file, randomInput(rnd), StandardCharsets.UTF_8);
      int listed = rnd.nextInt(50);
      int chunk = rnd.nextBoolean() ? 1 + rnd.nextInt(400) : 1 + rnd.nextInt(40_000);
      List<ProcessEvent> a = new ArrayList<>();
      List<ProcessEvent> b = new ArrayList<>();
      List<Long> pa = new ArrayList<>();
      List<Long> pb = new ArrayList<>();
      Thread caller = Thread.currentThread();
      ReadSummary sa = EventReader.builder().addFormat(KV).prefilterFor(Detection.builder().build()).maxLineLength(200).maxRejections(listed).build()
          .read(file, a::add, position -> pa.add(Thread.currentThread() == caller ? position : -1));
      EventReader.Builder parallel = EventReader.builder().addFormat(KV).prefilterFor(Detection.builder().build()).maxLineLength(200)
          .maxRejections(listed).parallel(true).minParallelBytes(1).chunkBytes(chunk);
      String how = switch (rnd.nextInt(4)) {
        case 0 -> "default threads";
        case 1 -> {
          parallel.parallelism(2 + rnd.nextInt(6)).executor(ForkJoinPool.commonPool());
          yield "the common pool";
        }
        case 2 -> {
          parallel.parallelism(4).executor(task -> { }); // never runs a task: the caller reads alone
          yield "an executor that runs nothing";
        }
        default -> {
          parallel.parallelism(1);
          yield "one thread";
        }
      };
      ReadSummary sb = parallel.build()
          .read(file, b::add, position -> pb.add(Thread.currentThread() == caller ? position : -1));
      for (List<Long> progress : List.of(pa, pb)) {
        // told on the calling thread, never decreasing, up to the file's size
        assertThat(progress).as("seed %s", seed).isNotEmpty().isSorted().doesNotContain(-1L);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(Files.size(file));
      }
      assertThat(sb).as("seed %s, pieces of %s bytes, %s", seed, chunk, how).isEqualTo(sa);
      assertThat(sa.bytes()).isEqualTo(Files.size(file));
      assertThat(b).as("seed %s", seed).isEqualTo(a);
      assertThat(sa.prefiltered()).isPositive();
      assertThat(sa.rejected()).isPositive();

      MalformedLineException ea = catchThrowableOfType(MalformedLineException.class,
          () -> EventReader.builder().addFormat(KV).prefilterFor(Detection.builder().build()).maxLineLength(200).strict(true).build().read(file, e -> { }));
      MalformedLineException eb = catchThrowableOfType(MalformedLineException.class,
          () -> EventReader.builder().addFormat(KV).prefilterFor(Detection.builder().build()).maxLineLength(200).strict(true).parallel(true).minParallelBytes(1)
              .chunkBytes(chunk).build().read(file, e -> { }));
      assertThat(eb.rejection()).as("seed %s", seed).isEqualTo(ea.rejection());
    }
  }
}
