// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Test tooling: finds the sample data next to the repository ({@code examples/data}) and the
 * shared corpus ({@code /work/shared} when the repository is {@code /work/<x>}) by walking up from
 * the working directory, and reads their one-event-per-line XML. Public for the kits of
 * {@code io.tunnelwatch.winevent.tck}, the adapters' and the command line's tests; not API.
 */
public final class SampleFiles {
  private SampleFiles() {}

  /** The nearest {@code <ancestor>/<relative>} directory of the working directory, if any. */
  public static Optional<Path> findUp(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The repository's {@code examples/data}, or an exception when the tests run elsewhere. */
  public static Path examplesData() {
    return findUp("examples/data").orElseThrow(() -> new IllegalStateException("no examples/data above " + Path.of("").toAbsolutePath()));
  }

  /**
   * Real Security 4688 and Sysmon Event ID 1 events as Splunk XML lines, in that order: the adapters'
   * test corpus (examples/data holds its real events as JSON only).
   */
  public static List<Path> realXmlCorpus() {
    Path repository = examplesData().resolve("../..").normalize();
    return List.of(repository.resolve("adapters-4688/src/test/resources/winsecurity-4688/security_4688.splunk.xml"),
        repository.resolve("adapters-sysmon/src/test/resources/sysmon/sysmon_eid1.splunk.xml"));
  }

  /**
   * The {@code <Event ...>} lines of {@code examples/data/*.xml} (the constructed executions), then
   * those of {@link #realXmlCorpus()}: the Windows events the kits read in every form.
   */
  public static List<String> exampleXmlLines() {
    List<Path> files = new ArrayList<>(files(examplesData(), ".xml"));
    files.addAll(realXmlCorpus());
    return eventLines(files);
  }

  /** The shared corpus directory ({@code shared}) above the working directory, if present. */
  public static Optional<Path> shared() {
    return findUp("shared");
  }

  /** The {@code <Event ...>} lines of the files, in file and line order. */
  public static List<String> eventLines(List<Path> files) {
    List<String> events = new ArrayList<>();
    for (Path file : files) {
      try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
        lines.filter(line -> line.startsWith("<Event")).forEach(events::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return events;
  }

  /** The files of {@code dir} whose names end with {@code suffix}, sorted by name. */
  public static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The constructed devtunnel executions of {@code examples/data} (Sysmon EID 1 and 4688). */
  public static List<String> devtunnelPositives(Path examplesData) {
    return eventLines(files(examplesData, ".xml").stream().filter(f -> f.getFileName().toString().startsWith("constructed-devtunnel-")).toList());
  }
}
