// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar at small heaps (issue 12, items 9 and 10): result groups past the budget spill to disk
 * and merge exactly, the reader's buffers and the CrowdStrike host table fit the heap, and running
 * out of memory anyway exits 3 with one line. The full 2 million groups at {@code -Xmx64m} take
 * minutes: {@code examples/benchmarks/memory-2m.sh} runs them and BENCHMARKS.md records the result.
 */
final class MemoryIT {
  /** Distinct groups here; the budget at -Xmx64m (16 MiB) holds about 12,000 of these. */
  private static final int GROUPS = 60_000;

  @SuppressWarnings("NullAway.Init") // JUnit injects it before each test
  @TempDir
  Path tmp;

  /** CrowdStrike lines, the smallest form: one devtunnel execution per process id, so one group each. */
  private static Path distinctGroups(Path file, int n) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        w.write("{\"event_simpleName\":\"ProcessRollup2\",\"ImageFileName\":\"\\\\Device\\\\devtunnel.exe\","
            + "\"RawProcessId\":\"" + i + "\",\"timestamp\":\"" + (1_700_000_000_000L + i) + "\"}\n");
      }
    }
    return file;
  }

  private static String processId(String jsonRow) {
    int at = jsonRow.indexOf("\"process_id\":\"") + "\"process_id\":\"".length();
    return jsonRow.substring(at, jsonRow.indexOf('"', at));
  }

  @Test
  void distinctGroupsPastTheBudget_spillAndMerge_intoExactlyOneRowEach_inOrder() throws Exception {
    Path input = distinctGroups(tmp.resolve("groups.jsonl"), GROUPS);
    Path spill = Files.createDirectory(tmp.resolve("spill"));
    List<String> heap = List.of("-Xmx64m", "-jar", TunnelwatchJarIT.jar().toString());

    CliRun r = TunnelwatchJarIT.java(tmp, heap, "scan", "-o", "jsonl", "--temp-dir", spill.toString(), input.toString());

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).contains("\nrows         " + GROUPS + "\n");
    List<String> ids = r.out().lines().map(MemoryIT::processId).toList();
    assertThat(ids).hasSize(GROUPS);
    for (int i = 1; i < ids.size(); i++) {
      // tstats order, strictly: every group once, the merge's order is the sort's
      assertThat(ids.get(i)).as("row %d", i + 1).isGreaterThan(ids.get(i - 1));
    }
    try (Stream<Path> left = Files.list(spill)) {
      assertThat(left).as("spilled runs are deleted").isEmpty();
    }

    // The same scan where the groups cannot spill fails, naming the directory: it did spill above.
    Path missing = tmp.resolve("missing");
    CliRun failed = TunnelwatchJarIT.java(tmp, heap, "scan", "-o", "jsonl", "--temp-dir", missing.toString(), input.toString());
    assertThat(failed.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(failed.err()).isEqualTo("tunnelwatch scan: cannot spill result groups to --temp-dir " + missing + ": no such file\n");
  }

  @Test
  void manyAidMasterLines_readInParallel_atSmallHeaps() throws Exception {
    // 200,000 agents' AidMaster lines (every one is parsed), each followed now and then by a
    // devtunnel execution on that agent: 50 MB, so the read is parallel.
    Path input = tmp.resolve("aidmaster.jsonl");
    int agents = 200_000;
    try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (int i = 0; i < agents; i++) {
        String aid = String.format(Locale.ROOT, "%032x", i);
        w.write("{\"AgentLoadFlags\":\"1\",\"ComputerName\":\"host-" + i + ".corp.example.com\",\"MachineDomain\":"
            + "\"corp.example.com\",\"aid\":\"" + aid + "\",\"cid\":\"124cb22314bf4f519be84bce582e7a6b\","
            + "\"event_platform\":\"Win\",\"event_simpleName\":\"AidMaster\",\"timestamp\":\"1700000000000\"}\n");
        if (i % 1000 == 999) {
          w.write("{\"event_simpleName\":\"ProcessRollup2\",\"ImageFileName\":\"\\\\Device\\\\devtunnel.exe\","
              + "\"RawProcessId\":\"" + i + "\",\"aid\":\"" + aid + "\",\"timestamp\":\"1700000000000\"}\n");
        }
      }
    }
    assertThat(Files.size(input)).isGreaterThan(32L << 20);
    for (String heap : List.of("-Xmx64m", "-Xmx32m")) {
      CliRun r = TunnelwatchJarIT.java(tmp, List.of(heap, "-jar", TunnelwatchJarIT.jar().toString()),
          "scan", "-o", "jsonl", input.toString());
      assertThat(r.status()).as(heap + ": " + r.err()).isZero();
      List<String> rows = r.out().lines().toList();
      assertThat(rows).as(heap).hasSize(agents / 1000);
      for (String row : rows) {
        // the host each agent was just taught, never forgotten for want of memory
        assertThat(row).as(heap).contains("\"dest\":\"host-" + processId(row) + ".corp.example.com\"");
      }
    }
  }

  @Test
  void outOfMemory_exitsThree_withOneLine() throws Exception {
    // A format on the child's class path that exhausts the heap: a real OutOfMemoryError in the scan.
    Path services = tmp.resolve("services");
    Files.createDirectories(services.resolve("META-INF/services"));
    Files.writeString(services.resolve("META-INF/services/io.tunnelwatch.core.spi.EventFormat"),
        ExhaustingFormat.class.getName() + "\n");
    Path input = Files.writeString(tmp.resolve("exhaust.log"), "EXHAUST\n");
    String classPath = String.join(File.pathSeparator,
        TunnelwatchJarIT.jar().toString(), Path.of("target/test-classes").toAbsolutePath().toString(), services.toString());

    CliRun r = TunnelwatchJarIT.java(tmp, List.of("-Xmx32m", "-cp", classPath, Main.class.getName()),
        "scan", input.toString());

    assertThat(r.status()).isEqualTo(ExitStatus.INPUT);
    assertThat(r.err()).startsWith("tunnelwatch: out of memory (Java heap space)").hasLineCount(1);
    assertThat(r.out()).isEmpty();
  }
}
