// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import static io.tunnelwatch.cli.CliRun.data;
import static io.tunnelwatch.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.winevent.evtxwriter.ConstructedDevtunnelEvtx;
import io.tunnelwatch.winevent.jsonforms.JsonForms;
import io.tunnelwatch.winevent.jsonforms.NxlogVariant;
import io.tunnelwatch.winevent.jsonforms.SourceEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON files of {@code examples/data} are the events of {@code constructed-devtunnel.evtx} as
 * winevent's test converters ({@code jsonforms}) write them, and give the rows of their XML lines.
 * Run with {@code -Dtunnelwatch.writeSamples=true} to write them (examples/data/README.md).
 */
final class ConstructedDevtunnelJsonTest {
  /** A sample file and how its form writes one event. */
  private record Sample(String name, Function<SourceEvent, String> form) {}

  /** Winlogbeat 8's file output, and NXLog on a host whose clock is in UTC. */
  private static final List<Sample> SAMPLES = List.of(
      new Sample("constructed-devtunnel-winlogbeat.ndjson", JsonForms::ecsRawWithMetadata),
      new Sample("constructed-devtunnel-nxlog.json", e -> JsonForms.nxlog(e, ZoneOffset.UTC, NxlogVariant.CLASSIC)));

  /**
   * The events of {@code constructed-devtunnel.evtx}: the constructed executions, then the real
   * Sysmon and 4688 events of {@code security-content-examples.mixed.log} (Apache-2.0, no match);
   * here in time order, as a collector receives them.
   */
  private static String text(Sample sample) {
    List<SourceEvent> events = ConstructedDevtunnelEvtx.events(CliRun.DATA).stream().map(SourceEvent::parse)
        .sorted(Comparator.comparing((SourceEvent e) -> Instant.parse(Objects.requireNonNull(e.event().systemTime()))))
        .toList();
    return JsonForms.jsonLines(events.stream().map(sample.form()).toList());
  }

  /** Writes the samples, before any test reads them, when asked to. */
  @BeforeAll
  static void writeSamplesWhenAsked() throws IOException {
    if (Boolean.getBoolean("tunnelwatch.writeSamples")) {
      for (Sample s : SAMPLES) {
        Files.writeString(Path.of(data(s.name())), text(s), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void committedSamples_areWhatTheRenderingWrites() throws IOException {
    for (Sample s : SAMPLES) {
      assertThat(Files.readString(Path.of(data(s.name())), StandardCharsets.UTF_8))
          .as("examples/data/" + s.name() + " is stale: regenerate it as examples/data/README.md says")
          .isEqualTo(text(s));
    }
  }

  @Test
  void eachSample_givesTheRowsOfTheXmlLines() {
    String xml = run("scan", "-o", "jsonl", data("constructed-devtunnel-sysmon.xml"), data("constructed-devtunnel-4688.xml"))
        .out();
    for (Sample s : SAMPLES) {
      CliRun r = run("scan", "--no-prefilter", "-o", "jsonl", data(s.name()));
      assertThat(r.out()).as(s.name()).isEqualTo(xml).isNotEmpty();
      assertThat(r.err()).as(s.name()).startsWith("""
          lines read   0 (1 input)
          records      7
          events       7 (sysmon 4, winsecurity-4688 3)
          """ + ScanFindingsTest.SYSMON_COVERAGE + ScanFindingsTest.SECURITY_COVERAGE + """
          skipped      0
          rejected     0
          """);
    }
    // NXLog's EventTime has no zone: the three 4688 events (Sysmon's are timed by UtcTime).
    assertThat(run("scan", "--no-prefilter", data("constructed-devtunnel-nxlog.json")).err())
        .contains("\nzoneless     3 events had a time without a zone, read in UTC (the default; see --source-zone)\n");
  }
}
