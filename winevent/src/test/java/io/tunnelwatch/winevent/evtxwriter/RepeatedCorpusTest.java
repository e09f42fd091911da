// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class RepeatedCorpusTest {
  private static final long TARGET = 2L << 20;

  private static Path realEvtxFiles() {
    Optional<Path> shared = SampleFiles.shared();
    assumeTrue(shared.isPresent(), "no shared corpus (a 'shared' directory above the repository): skipped");
    Path evtx = shared.orElseThrow().resolve("corpus/evtx");
    assumeTrue(Files.isDirectory(evtx), "no " + evtx + ": skipped");
    return evtx;
  }

  @ParameterizedTest
  @EnumSource(ReferenceReader.class)
  void smallFile_isReadFullyWithItsPositives(ReferenceReader reader, @TempDir Path work) throws IOException {
    EvtxWriterTest.assumeInstalled(reader);
    List<String> positives = SampleFiles.devtunnelPositives(SampleFiles.examplesData());
    assertThat(positives).hasSize(5);
    Path file = work.resolve("repeated.evtx");

    RepeatedCorpus.Summary summary =
        RepeatedCorpus.builder().targetBytes(TARGET).addSource(realEvtxFiles()).positives(positives).write(file);

    byte[] bytes = Files.readAllBytes(file);
    List<EvtxLayout.Chunk> chunks = EvtxLayout.chunks(bytes);
    assertThat((long) bytes.length).isEqualTo(summary.bytes()).isGreaterThanOrEqualTo(TARGET).isLessThan(TARGET + (64 << 10));
    assertThat(chunks).hasSize(summary.chunks());
    assertThat(EvtxLayout.header(bytes)).containsExactly(summary.chunks(), 1, 0);
    assertThat(chunks.stream().flatMap(c -> c.recordIds().stream()))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, summary.records()).boxed().toList());
    // One record in a thousand, give or take one group of the five positives (the first group
    // comes right after the first copied chunk).
    assertThat(summary.positiveRecords() % 5).isZero();
    assertThat((double) summary.positiveRecords()).isPositive().isCloseTo(0.001 * summary.records(), within(5.0));

    List<RenderedEvent> read = reader.read(file, work);

    assertThat(read.size()).as("records read by %s", reader).isEqualTo(summary.records());
    Set<String> positiveIds = Set.of("900001", "900002", "900003", "990001", "990002");
    long positivesRead =
        read.stream()
            .filter(e -> positiveIds.contains(e.system().get("EventRecordID")))
            .filter(e -> Set.of("WKS-DEV-042", "ar-win-1").contains(e.system().get("Computer")))
            .count();
    assertThat(positivesRead).isEqualTo(summary.positiveRecords());
    // Copied events carry their new record identifier as EventRecordID too.
    for (int i = 0; i < read.size(); i++) {
      if (!positiveIds.contains(read.get(i).system().get("EventRecordID"))) {
        assertThat(read.get(i).system()).as("record %d", i + 1).containsEntry("EventRecordID", String.valueOf(i + 1));
      }
    }
  }

  @Test
  void mainWritesTheFileItIsAskedFor(@TempDir Path work) throws IOException {
    Path file = work.resolve("main.evtx");
    RepeatedCorpus.main(new String[] {file.toString(), String.valueOf(1 << 20), realEvtxFiles().toString()});
    assertThat(Files.size(file)).isGreaterThanOrEqualTo(1 << 20);
    assertThat(EvtxLayout.chunks(Files.readAllBytes(file))).hasSize(16);
  }

  @Test
  void badParameters_areRejectedAtOnceNamingTheValue(@TempDir Path work) {
    assertThatThrownBy(() -> RepeatedCorpus.builder().targetBytes(0))
        .hasMessage("targetBytes must be in 1.." + RepeatedCorpus.MAX_BYTES + " but was 0");
    assertThatThrownBy(() -> RepeatedCorpus.builder().positiveRate(1.5))
        .hasMessage("positiveRate must be in [0, 1) but was 1.5");
    assertThatThrownBy(() -> RepeatedCorpus.builder().addSource(work.resolve("absent")))
        .hasMessageContaining("source does not exist");
    assertThatThrownBy(() -> RepeatedCorpus.builder().addSource(work).write(work.resolve("out.evtx")))
        .hasMessageContaining("no valid chunk");
  }
}
