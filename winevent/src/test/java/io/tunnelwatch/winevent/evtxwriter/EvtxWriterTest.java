// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class EvtxWriterTest {
  /**
   * python-evtx turns a FILETIME into seconds through a double, whose resolution near 2020 is
   * about 0.24 µs per unit in the last place: its times are a few microseconds off.
   */
  private static final long PYTHON_EVTX_TIME_ERROR_MICROS = 4;

  /** The Sysmon Event ID 1 and Security 4688 lines of the sample data and of the adapters' corpus. */
  static List<String> examples() {
    List<String> events =
        SampleFiles.exampleXmlLines().stream()
            .filter(EvtxWriterTest::isProcessCreation)
            .toList();
    // 5 constructed executions, 36 Sysmon and 37 4688 events of the adapters' OTRF corpus.
    assertThat(events).hasSizeGreaterThanOrEqualTo(78);
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

  @ParameterizedTest
  @EnumSource(ReferenceReader.class)
  void hayabusaSamples_readBackWithEveryValue(ReferenceReader reader, @TempDir Path work) {
    assumeInstalled(reader);
    Optional<Path> shared = SampleFiles.shared();
    assumeTrue(shared.isPresent(), "no shared corpus (a 'shared' directory above the repository): skipped");
    List<String> events = SampleFiles.eventLines(SampleFiles.files(shared.orElseThrow().resolve("corpus/hayabusa"), ".splunk.xml"));
    assertThat(events).hasSize(251);
    Path file = work.resolve("hayabusa.evtx");
    EvtxWriter.write(file, events);

    assertReadBack(reader, file, events, work);
  }

  @ParameterizedTest
  @EnumSource(ReferenceReader.class)
  void manyEvents_spillIntoNewChunksAndAreAllRead(ReferenceReader reader, @TempDir Path work) throws IOException {
    assumeInstalled(reader);
    List<String> examples = examples();
    List<String> events = IntStream.range(0, 3000).mapToObj(i -> examples.get(i % examples.size())).toList();
    Path file = work.resolve("many.evtx");
    EvtxWriter.write(file, events);

    List<EvtxLayout.Chunk> chunks = EvtxLayout.chunks(Files.readAllBytes(file));
    assertThat(chunks).hasSizeGreaterThan(10);
    assertThat(chunks.stream().flatMap(c -> c.recordIds().stream()))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 3000).mapToObj(i -> (long) i).toList());
    assertReadBack(reader, file, events, work);
  }

  @Test
  void chunks_areSealedAndShareTemplatesAndNamesWithinAChunk() {
    List<String> events = examples();
    byte[] file = EvtxWriter.write(events);

    List<EvtxLayout.Chunk> chunks = EvtxLayout.chunks(file);
    assertThat(EvtxLayout.header(file)).containsExactly(chunks.size(), 1, 0);
    for (EvtxLayout.Chunk chunk : chunks) {
      assertThat(chunk.lastNumber() - chunk.firstNumber() + 1).isEqualTo(chunk.recordIds().size());
      assertThat(chunk.firstId()).isEqualTo(chunk.recordIds().get(0));
      assertThat(chunk.lastId()).isEqualTo(chunk.recordIds().get(chunk.recordIds().size() - 1));
      // One System template plus one EventData template per Data shape, not one per record.
      assertThat(chunk.templates()).isBetween(2, chunk.recordIds().size() / 2);
    }
    // A record that refers to its chunk's templates and names is far smaller than the first.
    assertThat(file.length).isLessThan(events.stream().mapToInt(String::length).sum() * 2);
  }

  @ParameterizedTest
  @EnumSource(ReferenceReader.class)
  void version32_isWrittenAndRead(ReferenceReader reader, @TempDir Path work) throws IOException {
    assumeInstalled(reader);
    List<String> events = examples().subList(0, 40);
    Path file = work.resolve("v32.evtx");
    EvtxWriter.create().withMinorVersion(2).writeEvents(file, EvtxWriter.numbered(events));

    assertThat(EvtxLayout.header(Files.readAllBytes(file))[1]).isEqualTo(2);
    assertReadBack(reader, file, events, work);
  }

  /**
   * A header that counts one chunk of several, dirty flag set, as Windows leaves a log it did not
   * close: both readers read every chunk the file holds (python-evtx 0.6.1 walks the file by size
   * and ignores the count; libevtx reads past it), so neither chokes on it.
   */
  @ParameterizedTest
  @EnumSource(ReferenceReader.class)
  void dirtyHeaderCountingTooFewChunks_isStillReadFully(ReferenceReader reader, @TempDir Path work) throws IOException {
    assumeInstalled(reader);
    List<String> examples = examples();
    List<String> events = IntStream.range(0, 600).mapToObj(i -> examples.get(i % examples.size())).toList();
    Path file = work.resolve("dirty.evtx");
    EvtxWriter.create().withDeclaredChunkCount(1).withDirtyFlag().writeEvents(file, EvtxWriter.numbered(events));
    byte[] bytes = Files.readAllBytes(file);
    assertThat(EvtxLayout.chunks(bytes)).hasSizeGreaterThan(2);
    assertThat(EvtxLayout.header(bytes)).containsExactly(1, 1, 1);

    assertReadBack(reader, file, events, work);
  }

  @Test
  void missingOptionalValues_omitTheirElementsForEvtxexport(@TempDir Path work) {
    assumeInstalled(ReferenceReader.EVTXEXPORT);
    String example = examples().get(0);
    String withoutOpcodeAndUser = example.replace("<Opcode>0</Opcode>", "").replaceAll("<Security UserID='[^']*'/>", "<Security/>");
    String withoutEventData = example.replaceAll("<EventData>.*</EventData>", "");
    Path file = work.resolve("optional.evtx");
    EvtxWriter.write(file, List.of(withoutOpcodeAndUser, withoutEventData));

    String rendering = ReferenceReader.EVTXEXPORT.render(file, work);

    assertThat(rendering.split("</Event>", -1)[0]).doesNotContain("<Opcode").contains("<Security/>").contains("<Level>").contains("<EventData>");
    assertThat(rendering.split("</Event>", -1)[1]).contains("<Opcode>").doesNotContain("<EventData");
    assertReadBack(ReferenceReader.EVTXEXPORT, file, List.of(withoutOpcodeAndUser, withoutEventData), work);
  }

  /** The value types as python-evtx's own parser reports them, outer (System) then nested (EventData). */
  @Test
  void values_areTypedLikeWindows(@TempDir Path work) throws IOException, InterruptedException {
    assumeInstalled(ReferenceReader.PYTHON_EVTX);
    String sysmon = examples().stream().filter(e -> e.contains("Sysmon") && e.contains("'OriginalFileName'")).findFirst().orElseThrow();
    String security = examples().stream().filter(e -> e.contains("<EventID>4688</EventID>") && e.contains("'MandatoryLabel'")).findFirst().orElseThrow();
    Path file = work.resolve("typed.evtx");
    EvtxWriter.write(file, List.of(sysmon, security));

    List<Map<String, String>> types = pythonEvtxTypes(file, List.of(sysmon, security), work);

    assertThat(types.get(0))
        .containsEntry("EventID", "UnsignedWord").containsEntry("Version", "UnsignedByte").containsEntry("Level", "UnsignedByte")
        .containsEntry("Task", "UnsignedWord").containsEntry("Opcode", "UnsignedByte").containsEntry("Keywords", "Hex64")
        .containsEntry("TimeCreated@SystemTime", "Filetime").containsEntry("EventRecordID", "UnsignedQword")
        .containsEntry("Execution@ProcessID", "UnsignedDword").containsEntry("Execution@ThreadID", "UnsignedDword")
        .containsEntry("Security@UserID", "SID").containsEntry("Correlation@ActivityID", "Null")
        .containsEntry("Provider@Name", "Wstring").containsEntry("Provider@Guid", "Guid")
        .containsEntry("Channel", "Wstring").containsEntry("Computer", "Wstring").containsEntry("EventData", "BXml")
        .containsEntry("ProcessGuid", "Guid").containsEntry("ProcessId", "UnsignedDword").containsEntry("LogonId", "Hex64")
        .containsEntry("TerminalSessionId", "UnsignedDword").containsEntry("Image", "Wstring").containsEntry("RuleName", "Wstring");
    assertThat(types.get(1))
        .containsEntry("Security@UserID", "Null").containsEntry("SubjectUserSid", "SID").containsEntry("SubjectLogonId", "Hex64")
        .containsEntry("NewProcessId", "Hex64").containsEntry("ProcessId", "Hex64").containsEntry("NewProcessName", "Wstring")
        // Splunk rendered these SIDs as names ("NULL SID"), which are not SIDs: kept as strings.
        .containsEntry("TargetUserSid", "Wstring").containsEntry("MandatoryLabel", "Wstring");
  }

  @Test
  void invalidEvents_areRejectedNamingThePart() {
    String example = examples().get(0);
    assertThatThrownBy(() -> EvtxWriter.write(List.of(example.replace("<EventData>", "<UserData><X/></UserData><EventData>"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UserData");
    assertThatThrownBy(() -> EvtxWriter.write(List.of(example.replaceAll("<EventID>[0-9]+</EventID>", ""))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EventID");
    assertThatThrownBy(() -> EvtxWriter.write(List.of(example.replace("<Level>", "<Levels>").replace("</Level>", "</Levels>"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Levels");
    assertThatThrownBy(() -> EvtxWriter.write(List.of("<Event><System>")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
    assertThatThrownBy(() -> EvtxWriter.create().withMinorVersion(3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minorVersion must be 1 or 2 but was 3");
  }

  private static final String PYTHON_TYPES =
      """
      import sys
      from Evtx.Evtx import Evtx
      from Evtx.Nodes import BXmlTypeNode
      def names(s):
          return [type(v).__name__.replace('TypeNode', '') for v in s]
      with Evtx(sys.argv[1]) as log:
          for record in log.records():
              subs = record.root().substitutions()
              nested = [v for v in subs if isinstance(v, BXmlTypeNode)]
              print(' '.join(names(subs)) + ' | ' + ' '.join(names(nested[0].root().substitutions()) if nested else []))
      """;

  /** Per record, the value type python-evtx parsed for each System key and each Data name. */
  private static List<Map<String, String>> pythonEvtxTypes(Path file, List<String> events, Path work)
      throws IOException, InterruptedException {
    Path out = work.resolve("types.out");
    Process process =
        new ProcessBuilder("/usr/bin/python3", "-c", PYTHON_TYPES, file.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
    assertThat(lines).hasSameSizeAs(events);
    List<String> systemOrder =
        List.of(
            "Level", "Opcode", "Task", "EventID", "EventID@Qualifiers", "Keywords",
            "TimeCreated@SystemTime", "Correlation@ActivityID", "Execution@ProcessID",
            "Execution@ThreadID", "EventRecordID", "Version", "Security@UserID",
            "Correlation@RelatedActivityID", "Provider@Name", "Provider@Guid", "Channel", "Computer",
            "EventData");
    List<Map<String, String>> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(" \\| ", -1);
      String[] outer = parts[0].split(" ", -1);
      String[] nested = parts[1].split(" ", -1);
      List<EventXml.Data> data = EventXml.parse(events.get(i)).eventData();
      assertThat(outer).hasSize(systemOrder.size());
      assertThat(nested).hasSize(data.size());
      Map<String, String> types = new HashMap<>();
      for (int k = 0; k < outer.length; k++) {
        types.put(systemOrder.get(k), outer[k]);
      }
      for (int k = 0; k < nested.length; k++) {
        types.put(String.valueOf(data.get(k).name()), nested[k]);
      }
      records.add(types);
    }
    return records;
  }

  static void assertReadBack(ReferenceReader reader, Path file, List<String> events, Path work) {
    List<RenderedEvent> read = reader.read(file, work);
    List<RenderedEvent> expected = events.stream().map(e -> RenderedEvent.parseAll(e).get(0)).toList();
    assertThat(read.size()).as("records read by %s", reader).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      RenderedEvent actual = reader == ReferenceReader.PYTHON_EVTX ? read.get(i).withTimeOf(expected.get(i), PYTHON_EVTX_TIME_ERROR_MICROS) : read.get(i);
      assertThat(actual).as("record %d", i + 1).isEqualTo(expected.get(i));
    }
  }

  static void assumeInstalled(ReferenceReader reader) {
    Optional<String> missing = reader.missing();
    assumeTrue(missing.isEmpty(), () -> missing.orElse("") + ": skipped");
  }
}
