// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test tooling: writes events given as Windows XML into a valid native {@code .evtx} file, with
 * Binary XML the way Windows writes it (templates defined once per chunk, names in the chunk's
 * string table, typed substitutions, the EventData as a nested Binary XML value).
 *
 * <p>Sources for the layout: libyal's "Windows XML Event Log (EVTX) format", Microsoft MS-EVEN6
 * (Binary XML), and the python-evtx and Rust {@code evtx} readers. Records fill 64 KiB chunks in
 * order and spill into the next chunk; each chunk has its own names and templates.
 *
 * <p>Options make files that are valid but unusual: version 3.1 or 3.2, a header whose chunk count
 * is too small (as in a file Windows did not close), the dirty flag. Instances are immutable and
 * thread-safe.
 */
public final class EvtxWriter {
  static final int FILE_HEADER_SIZE = 0x1000;
  private static final byte[] MAGIC = "ElfFile\0".getBytes(StandardCharsets.US_ASCII);
  private static final int FLAG_DIRTY = 0x1;
  private static final int MAX_CHUNKS = 0xffff;

  private final int minorVersion;
  private final int declaredChunkCount;
  private final int flags;

  private EvtxWriter(int minorVersion, int declaredChunkCount, int flags) {
    this.minorVersion = minorVersion;
    this.declaredChunkCount = declaredChunkCount;
    this.flags = flags;
  }

  /** A writer of clean version 3.1 files whose header counts every chunk. */
  public static EvtxWriter create() {
    return new EvtxWriter(1, -1, 0);
  }

  /** This writer with file format version 3.{@code minorVersion}; 1 (Windows 7+) or 2 (Windows 10+). */
  public EvtxWriter withMinorVersion(int minorVersion) {
    if (minorVersion != 1 && minorVersion != 2) {
      throw new IllegalArgumentException("minorVersion must be 1 or 2 but was " + minorVersion);
    }
    return new EvtxWriter(minorVersion, declaredChunkCount, flags);
  }

  /**
   * This writer with a header that declares {@code chunkCount} chunks (and the last chunk number
   * to match) whatever the file holds; fewer than written makes the "dirty" file Windows leaves
   * when it did not close a log.
   */
  public EvtxWriter withDeclaredChunkCount(int chunkCount) {
    if (chunkCount < 1 || chunkCount > MAX_CHUNKS) {
      throw new IllegalArgumentException("chunkCount must be in 1.." + MAX_CHUNKS + " but was " + chunkCount);
    }
    return new EvtxWriter(minorVersion, chunkCount, flags);
  }

  /** This writer with the header's dirty flag (0x1) set. */
  public EvtxWriter withDirtyFlag() {
    return new EvtxWriter(minorVersion, declaredChunkCount, flags | FLAG_DIRTY);
  }

  /**
   * The {@code .evtx} bytes of the events: record ids from 1, written time = each event's
   * {@code SystemTime}, a clean version 3.1 file.
   *
   * @throws IllegalArgumentException if an event's XML is malformed or not encodable
   */
  public static byte[] write(List<String> xmlEvents) {
    return create().writeEvents(numbered(xmlEvents));
  }

  /** Writes {@link #write(List)}'s bytes to {@code file}, replacing it. */
  public static void write(Path file, List<String> xmlEvents) {
    create().writeEvents(file, numbered(xmlEvents));
  }

  /** The events with record ids 1, 2, ... in order and written time = SystemTime. */
  public static List<EvtxEvent> numbered(List<String> xmlEvents) {
    List<EvtxEvent> events = new ArrayList<>(xmlEvents.size());
    for (String xml : xmlEvents) {
      events.add(EvtxEvent.of(xml, events.size() + 1L));
    }
    return events;
  }

  /** Writes the events to {@code file} with this writer's options, replacing the file. */
  public void writeEvents(Path file, List<EvtxEvent> events) {
    try {
      Files.write(file, writeEvents(events));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The {@code .evtx} bytes of the events with this writer's options; record numbers count from 1
   * in list order.
   *
   * @throws IllegalArgumentException if an event's XML is malformed or not encodable, or the file
   *     would need more than 65535 chunks
   */
  public byte[] writeEvents(List<EvtxEvent> events) {
    List<byte[]> chunks = chunks(events, 1);
    if (chunks.size() > MAX_CHUNKS) {
      throw new IllegalArgumentException("events need " + chunks.size() + " chunks, more than " + MAX_CHUNKS);
    }
    long nextRecordId = events.isEmpty() ? 1 : events.get(events.size() - 1).recordId() + 1;
    int declared = declaredChunkCount > 0 ? declaredChunkCount : chunks.size();
    ByteBuffer file = ByteBuffer.allocate(FILE_HEADER_SIZE + chunks.size() * ChunkBuilder.CHUNK_SIZE);
    file.put(fileHeader(minorVersion, declared, nextRecordId, flags));
    chunks.forEach(file::put);
    return file.array();
  }

  /**
   * The chunks holding the events, numbered from {@code firstNumber}.
   *
   * @throws IllegalArgumentException if an event's XML is malformed or not encodable
   */
  static List<byte[]> chunks(List<EvtxEvent> events, long firstNumber) {
    List<byte[]> chunks = new ArrayList<>();
    ChunkBuilder chunk = new ChunkBuilder();
    long number = firstNumber;
    for (EvtxEvent event : events) {
      EventXml xml = EventXml.parse(event.xml());
      Template.Instance instance = Template.forEvent(xml);
      Instant written = event.writtenTime();
      long fileTime =
          BinXmlValue.fileTime(written != null ? written : Instant.parse(xml.system().getOrDefault("TimeCreated@SystemTime", "")));
      if (!chunk.tryAppend(instance, number, event.recordId(), fileTime)) {
        chunks.add(chunk.finish());
        chunk = new ChunkBuilder();
        chunk.tryAppend(instance, number, event.recordId(), fileTime);
      }
      number++;
    }
    if (chunk.recordCount() > 0) {
      chunks.add(chunk.finish());
    }
    return chunks;
  }

  /**
   * A 4096-byte file header: first chunk 0, last chunk {@code chunkCount - 1}, header size 128,
   * version 3.{@code minorVersion}, the flags, and the CRC32 of its first 120 bytes.
   */
  static byte[] fileHeader(int minorVersion, int chunkCount, long nextRecordId, int flags) {
    ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    header.put(0, MAGIC);
    header.putLong(8, 0).putLong(16, chunkCount - 1L).putLong(24, nextRecordId);
    header.putInt(32, 128).putShort(36, (short) minorVersion).putShort(38, (short) 3);
    header.putShort(40, (short) FILE_HEADER_SIZE).putShort(42, (short) chunkCount);
    header.putInt(120, flags);
    header.putInt(124, ChunkBuilder.crc32(header.array(), List.of(new int[] {0, 120})));
    return header.array();
  }
}
