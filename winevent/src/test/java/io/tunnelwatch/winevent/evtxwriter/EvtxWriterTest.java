package io.tunnelwatch.winevent.evtxwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class EvtxWriterTest {
  /**
   * python-evtx turns a FILETIME into seconds through a double, whose resolution near 2020 is
   * about 0.24 µs per unit in the last place: its times are a few microseconds off.
   */
  private static final long PYTHON_EVTX_TIME_ERROR_MICROS = 4;
  /** The Sysmon Event ID 1 and Security 4688 lines of the project's own sample data. */
  private static List<String> examples() {
    List<String> events =
        SampleFiles.eventLines(SampleFiles.files(SampleFiles.examplesData(), ".xml")).stream()
            .filter(EvtxWriterTest::isProcessCreation)
            .toList();
    assertThat(events).hasSizeGreaterThan(250);
    return events;
  }

  private static boolean isProcessCreation(String xml) {
    return xml.contains("<EventID>4688</EventID>")
        || (xml.contains("Name='Microsoft-Windows-Sysmon'") && xml.contains("<EventID>1</EventID>"));
  }

  @ParameterizedTest
  @EnumSource(ReferenceReader.class)
  void examples_readBackWithEveryValue(ReferenceReader reader, @TempDir Path work) {
    assumeInstalled(reader);
    List<String> events = examples();
    Path file = work.resolve("examples.evtx");
    EvtxWriter.write(file, events);

    assertReadBack(reader, file, events, work);
  }

  private static void assertReadBack(ReferenceReader reader, Path file, List<String> events, Path work) {
    List<RenderedEvent> read = reader.read(file, work);
    List<RenderedEvent> expected = events.stream().map(e -> RenderedEvent.parseAll(e).get(0)).toList();
    assertThat(read).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      RenderedEvent actual = reader == ReferenceReader.PYTHON_EVTX ? read.get(i).withTimeOf(expected.get(i), PYTHON_EVTX_TIME_ERROR_MICROS) : read.get(i);
      assertThat(actual).as("record %d", i + 1).isEqualTo(expected.get(i));
    }
  }

  private static void assumeInstalled(ReferenceReader reader) {
    Optional<String> missing = reader.missing();
    assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
  }
}
