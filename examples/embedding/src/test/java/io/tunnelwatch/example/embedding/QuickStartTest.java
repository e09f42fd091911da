// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.example.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class QuickStartTest {
  private static final Path ROOT = Path.of("..", "..");

  /** The lines strictly between the lines that contain {@code begin} and {@code end}. */
  private static List<String> between(List<String> lines, String begin, String end) {
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (from < 0 && lines.get(i).contains(begin)) {
        from = i;
      } else if (from >= 0 && lines.get(i).contains(end)) {
        to = i;
        break;
      }
    }
    assertThat(from).as(begin).isNotNegative();
    assertThat(to).as(end).isGreaterThan(from);
    return lines.subList(from + 1, to);
  }

  @Test
  void readme_showsTheQuickStartBodyVerbatim() throws IOException {
    List<String> source = between(
        Files.readAllLines(Path.of("src/main/java/io/tunnelwatch/example/embedding/QuickStart.java")),
        "// quickstart:begin", "// quickstart:end");
    List<String> readme = between(
        Files.readAllLines(ROOT.resolve("README.md")), "<!-- quickstart:begin -->", "<!-- quickstart:end -->");

    assertThat(readme.get(0)).isEqualTo("```java");
    assertThat(readme.get(readme.size() - 1)).isEqualTo("```");
    assertThat(readme.subList(1, readme.size() - 1))
        .containsExactlyElementsOf(source.stream().map(l -> l.startsWith("    ") ? l.substring(4) : l).toList());
  }

  @Test
  void quickStart_printsTheSampleDetectionsAndTheirRiskEvents() throws IOException {
    String[] files;
    try (Stream<Path> s = Files.list(ROOT.resolve("examples/data"))) {
      files = s.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().map(Path::toString).toArray(String[]::new);
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(files);
    } finally {
      System.setOut(original);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();

    // Six constructed devtunnel executions in the sample: six rows, then six risk events.
    assertThat(lines).hasSize(12);
    assertThat(lines.subList(0, 6)).allSatisfy(l -> assertThat(l).startsWith("{\"process\":"));
    assertThat(lines.subList(0, 6)).filteredOn(l -> l.contains("\"process_name\":\"msupdate.exe\""))
        .singleElement().satisfies(l -> assertThat(l).contains("\"original_file_name\":\"devtunnel.dll\""));
    assertThat(lines.subList(6, 12)).allSatisfy(l -> assertThat(l).startsWith("{\"risk_object\":"));
    assertThat(lines.get(6)).contains(
        "\"risk_message\":\"Potential Devtunnels execution observed on ar-win-1 via"
            + " \\\"C:\\\\Users\\\\dev\\\\Downloads\\\\devtunnel.exe\\\" user login -g.\"");
  }
}
