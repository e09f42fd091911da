// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import io.tunnelwatch.winevent.WinEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A rough measurement, not a benchmark (no JMH, not a test): MB/s of decoding every record of the
 * corpus files held in memory, and of {@link EvtxChunkFilter} over every chunk of them; the median
 * of 5 runs after warm-up. Run after {@code mvn -o -pl winevent -am test-compile}:
 *
 * <pre>
 * java -cp winevent/target/classes:winevent/target/test-classes:$HOME/.m2/repository/org/jspecify/jspecify/1.0.0/jspecify-1.0.0.jar \
 *   io.tunnelwatch.winevent.internal.evtx.EvtxThroughput [corpus dir]
 * </pre>
 */
final class EvtxThroughput {
  private EvtxThroughput() {}

  public static void main(String[] args) throws IOException {
    Path root = args.length > 0 ? Path.of(args[0]) : Objects.requireNonNull(EvtxCorpus.root(),
        "shared/corpus not found: pass its path");
    List<byte[]> files = new ArrayList<>();
    long bytes = 0;
    for (String f : EvtxCorpus.evtxFiles(root)) {
      byte[] b = Files.readAllBytes(root.resolve("evtx").resolve(f));
      files.add(b);
      bytes += b.length;
    }
    int repeat = 20;
    long[] records = new long[1];
    EvtxListener count = new EvtxListener() {
      @Override
      public void record(int chunkIndex, long recordId, Instant writtenTime, WinEvent event) {
        records[0]++;
      }
    };
    EvtxReader reader = new EvtxReader();
    double[] decode = new double[5];
    for (int run = -3; run < 5; run++) {
      records[0] = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < repeat; i++) {
        for (byte[] b : files) {
          reader.read(new ByteArrayInputStream(b), count);
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (run >= 0) {
        decode[run] = bytes * (double) repeat / s / 1e6;
      }
    }
    long used = 0;
    for (byte[] b : files) {
      for (int off = EvtxReader.HEADER_SIZE; off + EvtxReader.CHUNK_SIZE <= b.length;
          off += EvtxReader.CHUNK_SIZE) {
        used += b[off] == 'E' ? EvtxReader.CHUNK_SIZE : 0;
      }
    }
    double m = median(decode);
    System.out.printf("decode: %d files, %.1f MB x %d, %d records per pass: median %.0f MB/s of"
        + " file (%s), %.0f MB/s of chunks holding records (%.1f MB), %.0f records/s%n",
        files.size(), bytes / 1e6, repeat, records[0] / repeat, m,
        Arrays.toString(round(decode)), m * used / bytes, used / 1e6,
        m * 1e6 / bytes * ((double) records[0] / repeat));

    List<byte[]> chunks = new ArrayList<>();
    for (byte[] b : files) {
      for (int off = EvtxReader.HEADER_SIZE; off + EvtxReader.CHUNK_SIZE <= b.length;
          off += EvtxReader.CHUNK_SIZE) {
        chunks.add(Arrays.copyOfRange(b, off, off + EvtxReader.CHUNK_SIZE));
      }
    }
    EvtxChunkFilter filter = EvtxChunkFilter.of(List.of("devtunnel.exe", "devtunnel.dll"));
    double[] scan = new double[5];
    int hits = 0;
    int passes = 200;
    for (int run = -3; run < 5; run++) {
      hits = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < passes; i++) {
        for (byte[] c : chunks) {
          hits += filter.mayContain(c, 0, c.length) ? 1 : 0;
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (run >= 0) {
        scan[run] = chunks.size() * (double) EvtxReader.CHUNK_SIZE * passes / s / 1e6;
      }
    }
    System.out.printf("filter: %d chunks x %d, %d hits: median %.0f MB/s (%s)%n", chunks.size(),
        passes, hits, median(scan), Arrays.toString(round(scan)));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static long[] round(double[] v) {
    return Arrays.stream(v).mapToLong(Math::round).toArray();
  }
}
