// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.crowdstrike;

import io.tunnelwatch.core.EventReader;
import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** The real FDR events copied from the shared sample corpus (see SOURCES.md beside them) into the test resources, and a reader for lines. */
final class Corpus {
  /** Panther's 18 sanitized ProcessRollup2 test events; lines 17 and 18 have no timestamp. */
  static final String PANTHER = "crowdstrike/panther_fdr_processrollup2_win.jsonl";

  /** security_content's example ProcessRollup2 event, one line. */
  static final String SECURITY_CONTENT = "crowdstrike/crowdstrike_processrollup2.example_log.json";

  private Corpus() {}

  static byte[] bytes(String resource) {
    try (InputStream in = Objects.requireNonNull(Corpus.class.getClassLoader().getResourceAsStream(resource), resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String resource) {
    return new String(bytes(resource), StandardCharsets.UTF_8).lines().toList();
  }

  /** Panther's line {@code n} (1-based). */
  static String panther(int n) {
    return lines(PANTHER).get(n - 1);
  }

  static String securityContent() {
    return lines(SECURITY_CONTENT).get(0);
  }

  /** Every real event: Panther's 18 then security_content's one. */
  static List<String> all() {
    return java.util.stream.Stream.concat(lines(PANTHER).stream(), lines(SECURITY_CONTENT).stream()).toList();
  }

  /** Reads {@code lines} joined by LF as input {@code source} with a reader of {@code reader}'s formats. */
  static ReadSummary read(EventReader reader, String source, List<ProcessEvent> into, String... lines) {
    byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      return reader.read(new ByteArrayInputStream(input), source, into::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A reader of the default CrowdStrike format only, parsing every line (no prefilter). */
  static EventReader reader() {
    return EventReader.builder().noPrefilter().addFormat(new CrowdStrikeFormat()).build();
  }
}
