// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.MalformedLineException;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.tck.Seeds;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.evtxwriter.RepeatedCorpus;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code .evtx} file read on several threads gives exactly what a one-thread read gives: the same
 * events in the same order, the same summary (counts, rejections, warnings), the same strict-mode
 * stop, whatever the thread count and the executor (one that runs nothing included), on real files
 * and on damaged copies of them.
 */
@ExtendWith(Seeds.class)
final class EvtxParallelReadProperties {
  /** A mapping of one provider's event that keeps what a row needs, for comparing reads. */
  private static final class Mapped extends WinEventFormat {
    Mapped(String id, String provider, String eventId) {
      super(id, provider, eventId);
    }

    @Override
    protected LineOutcome map(WinEvent e, EventOrigin origin) {
      Instant time = parseTime(e.systemTime());
      if (time == null) {
        return LineOutcome.reject("SystemTime", "not a time");
      }
      String image = e.data("Image") != null ? e.data("Image") : e.data("NewProcessName");
      return LineOutcome.event(ProcessEvent.builder(time, origin)
          .set(Field.DEST, e.computer())
          .set(Field.PROCESS, e.data("CommandLine"))
          .set(Field.PROCESS_PATH, image)
          .set(Field.PROCESS_NAME, ProcessEvent.basename(image))
          .build());
    }
  }

  private static EventReader.Builder builder(boolean prefilter) {
    EventReader.Builder b = EventReader.builder()
        .addFormat(new Mapped("sysmon", "Microsoft-Windows-Sysmon", "1"))
        .addFormat(new Mapped("4688", "Microsoft-Windows-Security-Auditing", "4688"))
        .maxRejections(1000);
    // A predicate whose names occur in the corpus, so that some chunks are passed over and some not.
    return prefilter ? b.prefilterFor(Detection.builder().predicate(DetectionPredicate.of("cmd.exe", "powershell.exe")).build()) : b;
  }

  private record Read(ReadSummary summary, List<ProcessEvent> events) {}

  private static Read read(EventReader reader, byte[] file) throws IOException {
    List<ProcessEvent> events = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(file)) {
      return new Read(reader.read(in, "f.evtx", events::add), events);
    }
  }

  @Test
  void parallelRead_equalsOneThreadRead_onRealAndDamagedFiles(@TempDir Path tmp) throws IOException {
    Path root = EvtxCorpus.requireRoot();
    List<Path> files = new ArrayList<>();
    for (String f : EvtxCorpus.evtxFiles(root)) {
      files.add(root.resolve("evtx").resolve(f));
    }
    // The corpus files are small (one run of chunks each); a file of real chunks repeated to 5 MiB
    // is cut into several runs, which the threads decode at once.
    Path large = tmp.resolve("large.evtx");
    RepeatedCorpus.builder().targetBytes(5L << 20).addSource(root.resolve("evtx")).write(large);
    long seed = Seeds.take();
    Random rnd = new Random(seed);
    int damagedWithRejections = 0;
    for (int round = 0; round < 60; round++) {
      byte[] file = Files.readAllBytes(rnd.nextInt(3) == 0 ? large : files.get(rnd.nextInt(files.size())));
      boolean damage = rnd.nextBoolean();
      if (damage) {
        for (int k = 0; k < 1 + rnd.nextInt(20); k++) {
          int at = EvtxReader.HEADER_SIZE + rnd.nextInt(file.length - EvtxReader.HEADER_SIZE);
          file[at] = (byte) rnd.nextInt(256);
        }
        if (rnd.nextInt(4) == 0) {
          file = java.util.Arrays.copyOf(file, EvtxReader.HEADER_SIZE + rnd.nextInt(file.length - EvtxReader.HEADER_SIZE));
        }
      }
      boolean prefilter = rnd.nextBoolean();
      Read one = read(builder(prefilter).build(), file);
      EventReader.Builder many = builder(prefilter).parallelism(2 + rnd.nextInt(4));
      String how = switch (rnd.nextInt(3)) {
        case 0 -> "default threads";
        case 1 -> {
          many.executor(ForkJoinPool.commonPool());
          yield "the common pool";
        }
        default -> {
          many.executor(task -> { });
          yield "an executor that runs nothing";
        }
      };
      Read parallel = read(many.build(), file);
      String as = "seed " + seed + ", round " + round + ", " + how;
      assertThat(parallel.summary()).as(as).isEqualTo(one.summary());
      assertThat(parallel.events()).as(as).isEqualTo(one.events());
      if (damage && one.summary().rejected() > 0) {
        damagedWithRejections++;
        byte[] damaged = file;
        MalformedLineException a = catchThrowableOfType(MalformedLineException.class,
            () -> read(builder(prefilter).strict(true).build(), damaged));
        MalformedLineException b = catchThrowableOfType(MalformedLineException.class,
            () -> read(builder(prefilter).strict(true).parallelism(3).build(), damaged));
        assertThat(b.rejection()).as(as).isEqualTo(a.rejection());
      }
    }
    assertThat(damagedWithRejections).as("the damage must reach the records, seed " + seed).isPositive();
  }
}
