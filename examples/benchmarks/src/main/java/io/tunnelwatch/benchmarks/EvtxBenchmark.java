// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.benchmarks;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.evtxwriter.RepeatedCorpus;
import io.tunnelwatch.winevent.internal.evtx.EvtxChunkFilter;
import io.tunnelwatch.winevent.internal.evtx.EvtxListener;
import io.tunnelwatch.winevent.internal.evtx.EvtxReader;
import io.tunnelwatch.winevent.internal.evtx.EvtxSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Native {@code .evtx} reading on one thread, over an in-memory file of {@link #CHUNKS} real
 * chunks: the chunks of {@code shared/corpus/evtx} repeated by the winevent test tooling's {@link
 * RepeatedCorpus}, with the devtunnel executions of {@code examples/data} at ~0.1 % of records.
 * One operation is one 64 KiB chunk, so MB/s = score × 0.065536.
 *
 * <ul>
 *   <li>{@link #chunkFilter}: {@link EvtxChunkFilter#mayContain} alone, the prefilter's cost per chunk;
 *   <li>{@link #decode}: {@link EvtxReader} decoding every record into a {@code WinEvent} (checksums
 *       checked), no prefilter, no mapping;
 *   <li>{@link #reader}: the whole path, {@link EventReader} over the file's bytes (container
 *       detection, chunk filter or not, decode, Sysmon/4688 mapping, detection and aggregation).
 * </ul>
 *
 * <p>The corpus directory is {@code -Devtx.corpus=DIR}, else the nearest {@code shared/corpus/evtx}
 * above the working directory; the positives come from the nearest {@code examples/data} (run from
 * the repository).
 */
public class EvtxBenchmark extends ThroughputBenchmark {
  /** Chunks in the in-memory file: 32 MiB, more than the caches hold. */
  public static final int CHUNKS = 512;

  /** {@link #reader}'s parameter, in a state of its own so the other benchmarks run once. */
  @State(Scope.Thread)
  public static class ReaderOptions {
    /** Whether the reader's prefilter (the chunk filter) is on. */
    @Param({"true", "false"})
    public boolean prefilter = true;
  }

  private byte[] file = new byte[0];
  private EvtxChunkFilter filter = EvtxChunkFilter.of(List.of("devtunnel.exe"));
  private final EvtxReader evtx = new EvtxReader();
  private long records;
  private long positives;
  private int chunksWithName;

  /** Builds the file and the filter of the default detection's names. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path tmp = Files.createTempFile("tunnelwatch-evtx-bench", ".evtx");
    try {
      RepeatedCorpus.Summary s = RepeatedCorpus.builder()
          .targetBytes(EvtxReader.HEADER_SIZE + (long) CHUNKS * EvtxReader.CHUNK_SIZE)
          .addSource(corpusDirectory())
          .positives(positives())
          .write(tmp);
      file = Files.readAllBytes(tmp);
      records = s.records();
      positives = s.positiveRecords();
      if (s.chunks() != CHUNKS) {
        throw new IllegalStateException("expected " + CHUNKS + " chunks but RepeatedCorpus wrote " + s);
      }
    } finally {
      Files.delete(tmp);
    }
    DetectionPredicate p = Detection.builder().build().predicate();
    filter = EvtxChunkFilter.of(List.of(p.originalFileName(), p.processName()));
    chunksWithName = 0;
    for (int c = 0; c < CHUNKS; c++) {
      if (filter.mayContain(file, EvtxReader.HEADER_SIZE + c * EvtxReader.CHUNK_SIZE, EvtxReader.CHUNK_SIZE)) {
        chunksWithName++;
      }
    }
  }

  /** The chunk filter over every chunk; returns how many may hold a name (checked at setup). */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public int chunkFilter() {
    int n = 0;
    for (int c = 0; c < CHUNKS; c++) {
      if (filter.mayContain(file, EvtxReader.HEADER_SIZE + c * EvtxReader.CHUNK_SIZE, EvtxReader.CHUNK_SIZE)) {
        n++;
      }
    }
    if (n != chunksWithName) {
      throw new IllegalStateException("expected " + chunksWithName + " chunks with a name but got " + n);
    }
    return n;
  }

  /** Decodes every record of the file into a {@code WinEvent}; checks the record count. */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public EvtxSummary decode() throws IOException {
    EvtxSummary s = evtx.read(new ByteArrayInputStream(file), new EvtxListener() {
      @Override
      public void record(int chunkIndex, long recordId, Instant writtenTime, WinEvent event) {}
    });
    if (s.records() != records || s.rejected() != 0) {
      throw new IllegalStateException("expected " + records + " records but got " + s);
    }
    return s;
  }

  /** The library's path: a reader (one thread) and the default detection over the file's bytes. */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public DetectionReport reader(ReaderOptions options) throws IOException {
    Detection detection = Detection.builder().build();
    EventReader.Builder b = EventReader.builder().addDiscoveredFormats(EvtxBenchmark.class.getClassLoader());
    EventReader reader = options.prefilter ? b.prefilterFor(detection).build() : b.noPrefilter().build();
    BatchDetection batch = detection.batch();
    ReadSummary s = reader.read(new ByteArrayInputStream(file), "bench.evtx", batch::accept);
    DetectionReport r = batch.finish();
    if (r.matchedEvents() != positives) {
      throw new IllegalStateException("expected " + positives + " matches but got " + r.matchedEvents() + " in " + s);
    }
    return r;
  }

  private static Path corpusDirectory() {
    String property = System.getProperty("evtx.corpus");
    if (property != null) {
      return Path.of(property);
    }
    return findUp("shared/corpus/evtx");
  }

  /** The {@code <Event} lines of examples/data's constructed devtunnel Sysmon and 4688 files. */
  private static List<String> positives() {
    Path data = findUp("examples/data");
    List<String> events = new ArrayList<>();
    for (String name : List.of("constructed-devtunnel-sysmon.xml", "constructed-devtunnel-4688.xml")) {
      try (Stream<String> lines = Files.lines(data.resolve(name), StandardCharsets.UTF_8)) {
        lines.filter(line -> line.startsWith("<Event")).forEach(events::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + data.resolve(name), e);
      }
    }
    return events;
  }

  private static Path findUp(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException("no " + relative + " above " + Path.of("").toAbsolutePath()
        + "; run from the repository (or set -Devtx.corpus=DIR for the corpus)");
  }
}
