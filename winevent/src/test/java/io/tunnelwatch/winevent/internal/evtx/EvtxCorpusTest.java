// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every corpus file gives the record ids that python-evtx and evtxexport give: checked against
 * {@code evtx/corpus-record-ids.tsv} (the tools' output, committed), and against the tools
 * themselves when they are installed. To regenerate the TSV, run both tools over
 * {@code corpus/evtx} (the record numbers python-evtx's {@code Record.record_num()} lists and the
 * {@code Event number} lines of {@code evtxexport FILE}) and write ranges as in the file.
 */
final class EvtxCorpusTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path EVTXEXPORT = Path.of("/usr/bin/evtxexport");

  @Test
  void recordIds_equalTheCommittedToolOutput() throws IOException {
    Path root = EvtxCorpus.requireRoot();
    Map<String, List<Long>> expected = expectations();
    assertThat(EvtxCorpus.evtxFiles(root)).containsExactlyElementsOf(expected.keySet());
    long total = 0;
    for (Map.Entry<String, List<Long>> e : expected.entrySet()) {
      EvtxCorpus.Read read = EvtxCorpus.read(root.resolve("evtx").resolve(e.getKey()));
      assertThat(new ArrayList<>(read.events.keySet())).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(read.rejections).as(e.getKey()).isEmpty();
      assertThat(read.problems).as(e.getKey()).isEmpty();
      total += read.events.size();
    }
    assertThat(total).isEqualTo(2091);
  }

  @Test
  void recordIds_equalPythonEvtx() throws Exception {
    Path root = EvtxCorpus.requireRoot();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(PYTHON)
        && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/Evtx")),
        "python-evtx (Debian python3-evtx) is not installed: only the committed TSV is checked");
    String script = """
        import sys, Evtx.Evtx as E
        with E.Evtx(sys.argv[1]) as f:
            print(' '.join(str(r.record_num()) for r in f.records()))
        """;
    for (String file : EvtxCorpus.evtxFiles(root)) {
      Path path = root.resolve("evtx").resolve(file);
      String out = run(PYTHON.toString(), "-c", script, path.toString());
      List<Long> ids = new ArrayList<>();
      for (String s : out.trim().split("\\s+")) {
        if (!s.isEmpty()) {
          ids.add(Long.parseLong(s));
        }
      }
      assertThat(new ArrayList<>(EvtxCorpus.read(path).events.keySet())).as(file).isEqualTo(ids);
    }
  }

  @Test
  void recordIds_equalEvtxexport() throws Exception {
    Path root = EvtxCorpus.requireRoot();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(EVTXEXPORT),
        "evtxexport (libevtx-utils) is not installed: only the committed TSV is checked");
    for (String file : EvtxCorpus.evtxFiles(root)) {
      Path path = root.resolve("evtx").resolve(file);
      List<Long> ids = new ArrayList<>();
      for (String line : run(EVTXEXPORT.toString(), path.toString()).split("\n")) {
        if (line.startsWith("Event number")) {
          ids.add(Long.parseLong(line.substring(line.indexOf(':') + 1).trim()));
        }
      }
      assertThat(new ArrayList<>(EvtxCorpus.read(path).events.keySet())).as(file).isEqualTo(ids);
    }
  }

  @Test
  void systemTimes_equalEvtxexportTo100ns() throws Exception {
    Path root = EvtxCorpus.requireRoot();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(EVTXEXPORT),
        "evtxexport (libevtx-utils) is not installed: exact SystemTime not checked");
    java.util.regex.Pattern time = java.util.regex.Pattern.compile(
        "SystemTime=\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7})00Z\"");
    int checked = 0;
    for (String file : EvtxCorpus.evtxFiles(root)) {
      Path path = root.resolve("evtx").resolve(file);
      List<String> want = new ArrayList<>();
      java.util.regex.Matcher m = time.matcher(run(EVTXEXPORT.toString(), "-f", "xml",
          path.toString()));
      while (m.find()) {
        want.add(m.group(1) + "Z");
      }
      List<String> got = new ArrayList<>();
      EvtxCorpus.read(path).events.values().forEach(e -> got.add(e.systemTime()));
      assertThat(got).as(file).isEqualTo(want);
      checked += got.size();
    }
    assertThat(checked).isEqualTo(2091);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    return out;
  }

  /** The TSV: path, python-evtx count, evtxexport count, ids as ranges ("1-27,30"). */
  static Map<String, List<Long>> expectations() throws IOException {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    try (InputStream in = Objects.requireNonNull(
        EvtxCorpusTest.class.getResourceAsStream("/evtx/corpus-record-ids.tsv"))) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (String line : lines) {
        if (line.startsWith("#") || line.startsWith("path\t") || line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        List<Long> ids = new ArrayList<>();
        for (String range : f[3].split(",")) {
          int dash = range.indexOf('-');
          long from = Long.parseLong(dash < 0 ? range : range.substring(0, dash));
          long to = dash < 0 ? from : Long.parseLong(range.substring(dash + 1));
          for (long id = from; id <= to; id++) {
            ids.add(id);
          }
        }
        assertThat(ids).as(f[0]).hasSize(Integer.parseInt(f[1])).hasSize(Integer.parseInt(f[2]));
        out.put(f[0], ids);
      }
    }
    return out;
  }
}
