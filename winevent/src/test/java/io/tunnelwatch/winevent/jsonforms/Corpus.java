// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.jsonforms;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.winevent.internal.evtx.EvtxCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The corpus files these tests read from {@code shared/corpus} (their licences keep them out of the
 * repository): the XML events to render and the real JSON examples to compare with.
 */
final class Corpus {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Corpus() {}

  /** The corpus folder; skips the calling test, saying why, when it is absent. */
  static Path requireRoot() {
    Path root = EvtxCorpus.root();
    assumeTrue(root != null && Files.isDirectory(root.resolve("json-shapes")),
        "shared/corpus not found (set -Dtunnelwatch.corpus=...): its JSON examples and events"
            + " cannot be copied into the repository, so this test is skipped");
    return Objects.requireNonNull(root);
  }

  /** The 137 Sysmon Event ID 1 events. */
  static List<SourceEvent> sysmon(Path root) {
    return events(root.resolve("hayabusa/sysmon_eid1.splunk.xml"));
  }

  /** The 114 Security 4688 events. */
  static List<SourceEvent> security4688(Path root) {
    return events(root.resolve("hayabusa/security_4688.splunk.xml"));
  }

  private static List<SourceEvent> events(Path file) {
    List<SourceEvent> events = new ArrayList<>();
    for (String line : lines(file)) {
      events.add(SourceEvent.parse(line));
    }
    return events;
  }

  /** Every non-blank line of a JSON Lines file (or the one object of a {@code .json} file) as a tree. */
  static List<JsonNode> json(Path file) {
    List<JsonNode> trees = new ArrayList<>();
    if (file.toString().endsWith(".jsonl")) {
      for (String line : lines(file)) {
        trees.add(tree(line));
      }
    } else {
      try {
        trees.add(tree(Files.readString(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return trees;
  }

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      lines.removeIf(String::isBlank);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
