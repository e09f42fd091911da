// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.winevent.WinEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** File and chunk framing on synthetic files (no corpus needed). */
final class EvtxReaderTest {
  private static final class Seen implements EvtxListener {
    final List<Long> ids = new ArrayList<>();
    final List<WinEvent> events = new ArrayList<>();
    final List<String> rejected = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<String> header = new ArrayList<>();
    boolean decodeChunks = true;

    @Override
    public boolean chunk(int chunkIndex, long firstRecordId, long lastRecordId, byte[] chunk) {
      return decodeChunks;
    }

    @Override
    public void record(int chunkIndex, long recordId, Instant writtenTime, WinEvent event) {
      ids.add(recordId);
      events.add(event);
    }

    @Override
    public void rejected(int chunkIndex, long recordId, String reason) {
      rejected.add(chunkIndex + "/" + recordId + " " + reason);
    }

    @Override
    public void problem(int chunkIndex, String problem) {
      problems.add(chunkIndex + " " + problem);
    }

    @Override
    public void headerProblem(String problem) {
      header.add(problem);
    }
  }

  private static EvtxSummary read(byte[] file, Seen seen) {
    try {
      return new EvtxReader().read(new ByteArrayInputStream(file), seen);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void cleanFile_givesEveryRecord_withItsModelValues() {
    byte[] file = new EvtxFileWriter().chunk(1, 3).chunk(4, 2).bytes();
    Seen seen = new Seen();
    EvtxSummary s = read(file, seen);
    assertThat(seen.ids).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(seen.rejected).isEmpty();
    assertThat(seen.problems).isEmpty();
    assertThat(seen.header).isEmpty();
    assertThat(s).isEqualTo(new EvtxSummary(2, 0, 0, 5, 0, 0));
    WinEvent e2 = seen.events.get(1);
    assertThat(e2.provider()).isEqualTo("Microsoft-Windows-Sysmon");
    assertThat(e2.eventId()).isEqualTo("1");
    assertThat(e2.computer()).isEqualTo("HOST2");
    assertThat(e2.userId()).isEqualTo("S-1-5-18");
    assertThat(e2.systemTime()).isEqualTo("2021-06-02T12:17:19.3430394Z");
    assertThat(e2.data("CommandLine")).isEqualTo("cmd.exe /c echo 2");
    // Record 3: the optional UserID substitution is null, so the attribute is absent.
    assertThat(seen.events.get(2).userId()).isNull();
  }

  @Test
  void version31_isRead_otherVersionsAreReportedNotFatal() {
    Seen seen = new Seen();
    read(new EvtxFileWriter().version(1).chunk(1, 2).bytes(), seen);
    assertThat(seen.header).isEmpty();
    assertThat(seen.ids).containsExactly(1L, 2L);
    seen = new Seen();
    read(new EvtxFileWriter().version(7).chunk(1, 2).bytes(), seen);
    assertThat(seen.header).singleElement().asString().contains("version 3.7");
    assertThat(seen.ids).containsExactly(1L, 2L);
  }

  @Test
  void checksumMismatches_areReported_notFatal_unlessTheFileSaysNoChecksums() {
    byte[] file = new EvtxFileWriter().chunk(1, 3).bytes();
    file[100] ^= 1; // file header, inside the checksummed 120 bytes
    file[EvtxReader.HEADER_SIZE + 300] ^= 1; // chunk header, checksummed part
    file[EvtxReader.HEADER_SIZE + 60] ^= 1; // chunk header, checksummed part too
    Seen seen = new Seen();
    read(file, seen);
    assertThat(seen.header).singleElement().asString().contains("header checksum");
    assertThat(seen.problems).singleElement().asString().contains("chunk header checksum");
    assertThat(seen.ids).containsExactly(1L, 2L, 3L);

    byte[] noCrc = new EvtxFileWriter().flags(0x4).chunk(1, 3).bytes();
    noCrc[EvtxReader.HEADER_SIZE + 300] ^= 1;
    seen = new Seen();
    read(noCrc, seen);
    assertThat(seen.problems).isEmpty();
    assertThat(seen.ids).containsExactly(1L, 2L, 3L);
  }

  @Test
  void chunkCount_comesFromTheStream_notTheHeader() {
    byte[] file = new EvtxFileWriter().chunk(1, 1).chunk(2, 1).chunk(3, 1).bytes();
    file[42] = 1; // header says one chunk (a dirty file's stale count)
    Seen seen = new Seen();
    read(file, seen);
    assertThat(seen.ids).containsExactly(1L, 2L, 3L);
  }

  @Test
  void trailingPartialChunk_isRejected_emptyChunkIsNot() {
    byte[] full = new EvtxFileWriter().chunk(1, 2).chunk(3, 2).bytes();
    byte[] file = Arrays.copyOf(full, full.length + EvtxReader.CHUNK_SIZE + 1000);
    System.arraycopy(full, EvtxReader.HEADER_SIZE, file, full.length + EvtxReader.CHUNK_SIZE, 1000);
    Seen seen = new Seen();
    EvtxSummary s = read(file, seen);
    assertThat(seen.ids).containsExactly(1L, 2L, 3L, 4L);
    assertThat(s.emptyChunks()).isEqualTo(1);
    assertThat(seen.rejected).singleElement().asString()
        .startsWith("3/-1 ").contains("partial chunk of 1000 bytes");
  }

  @Test
  void damagedRecord_isRejectedByIdAndPosition_andTheNextOneIsFound() {
    byte[] file = new EvtxFileWriter().chunk(1, 4).bytes();
    Seen clean = new Seen();
    read(file, clean);
    // Find record 2 and break its size copy: it must be rejected, 3 and 4 still read.
    int rec2 = indexOfRecord(file, 2);
    long size = (file[rec2 + 4] & 0xff) | (file[rec2 + 5] & 0xff) << 8;
    file[rec2 + (int) size - 4] ^= 0x55;
    Seen seen = new Seen();
    read(file, seen);
    assertThat(seen.ids).containsExactly(1L, 3L, 4L);
    assertThat(seen.rejected).singleElement().asString().startsWith("0/2 ")
        .contains("chunk offset 0x").contains("size");
    assertThat(seen.events.get(1).data("CommandLine")).isEqualTo("cmd.exe /c echo 3");
  }

  @Test
  void damagedBinaryXml_rejectsTheRecordWithTheToken_notThePayload() {
    byte[] file = new EvtxFileWriter().chunk(1, 3).bytes();
    int rec3 = indexOfRecord(file, 3);
    file[rec3 + 24 + 4] = 0x77; // template instance token
    Seen seen = new Seen();
    read(file, seen);
    assertThat(seen.ids).containsExactly(1L, 2L);
    assertThat(seen.rejected).singleElement().asString().startsWith("0/3 ")
        .contains("unexpected token 0x77").doesNotContain("cmd.exe");
  }

  @Test
  void chunkWithoutItsSignature_isRejected_unlessItsHeaderIsAllZero() {
    byte[] file = new EvtxFileWriter().chunk(1, 2).chunk(3, 2).bytes();
    Arrays.fill(file, EvtxReader.HEADER_SIZE, EvtxReader.HEADER_SIZE + 8, (byte) 0);
    Seen seen = new Seen();
    EvtxSummary s = read(file, seen);
    assertThat(seen.ids).containsExactly(3L, 4L);
    assertThat(s.emptyChunks()).isZero();
    assertThat(seen.rejected).singleElement().asString().startsWith("0/-1 ")
        .contains("no ElfChnk signature");
  }

  @Test
  void declinedChunks_areCountedAndNotDecoded() {
    Seen seen = new Seen();
    seen.decodeChunks = false;
    EvtxSummary s = read(new EvtxFileWriter().chunk(1, 3).chunk(4, 1).bytes(), seen);
    assertThat(seen.ids).isEmpty();
    assertThat(s.skippedChunks()).isEqualTo(2);
  }

  @Test
  void notAnEvtxFile_isTheTypedException() {
    assertThatThrownBy(() -> read("<Event/>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        new Seen())).isInstanceOf(EvtxException.class).hasMessageContaining("not an EVTX file");
    byte[] header = Arrays.copyOf(new EvtxFileWriter().bytes(), 100);
    assertThatThrownBy(() -> read(header, new Seen()))
        .isInstanceOf(EvtxException.class).hasMessageContaining("inside its 4096-byte header");
  }

  @Test
  void readsChunkByChunk_fromAStreamThatGivesFewBytesAtATime() throws IOException {
    byte[] file = new EvtxFileWriter().chunk(1, 2).chunk(3, 2).bytes();
    InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(file)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 7));
      }
    };
    Seen seen = new Seen();
    new EvtxReader().read(trickle, seen);
    assertThat(seen.ids).containsExactly(1L, 2L, 3L, 4L);
  }

  private static int indexOfRecord(byte[] file, long id) {
    for (int i = EvtxReader.HEADER_SIZE; i + 16 < file.length; i++) {
      if (file[i] == 0x2a && file[i + 1] == 0x2a && file[i + 2] == 0 && file[i + 3] == 0
          && file[i + 8] == id && file[i + 9] == 0) {
        return i;
      }
    }
    throw new AssertionError("record " + id + " not found");
  }
}
