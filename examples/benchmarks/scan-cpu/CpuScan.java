// SPDX-License-Identifier: Apache-2.0
import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Detection;
import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ReadSummary;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One thread's CPU time to read the first MIB MiB of FILE, RUNS times in one JVM, each with a new
 * reader and detection: what the reading thread costs, without the file system or other threads
 * (the bytes are in memory; EventReader.read(InputStream), the command line's path, 64 KiB at a
 * time). Prints the runs in ms, the first (a fresh JVM: interpreter and JIT) before a bar.
 * Run by cpu-scan.sh as a single-file program: java -cp tunnelwatch.jar CpuScan.java FILE MIB RUNS
 */
public final class CpuScan {
  private CpuScan() {}

  public static void main(String[] args) throws Exception {
    byte[] all = new byte[Integer.parseInt(args[1]) << 20];
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      all = Arrays.copyOf(all, in.readNBytes(all, 0, all.length));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    StringBuilder out = new StringBuilder();
    for (int run = 0; run < Integer.parseInt(args[2]); run++) {
      Detection d = Detection.builder().build();
      EventReader reader = EventReader.builder().addDiscoveredFormats(CpuScan.class.getClassLoader()).prefilterFor(d).build();
      BatchDetection batch = d.batch();
      long start = threads.getCurrentThreadCpuTime();
      ReadSummary s = reader.read(new ByteArrayInputStream(all), "cpu-scan", batch::accept);
      long ms = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
      out.append(ms).append(run == 0 ? " | " : " ");
      if (run == 0) {
        System.err.println(s.lines() + " lines, " + batch.finish().results().size() + " rows");
      }
    }
    System.out.println(out.toString().trim());
  }
}
