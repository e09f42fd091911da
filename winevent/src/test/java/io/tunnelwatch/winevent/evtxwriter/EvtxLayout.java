// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test tooling: checks the framing of an {@code .evtx} file independently of the reference
 * readers (which do not check checksums): header and chunk checksums, record framing, and
 * record numbering.
 */
final class EvtxLayout {
  private EvtxLayout() {}

  /** One chunk as its header describes it, with the record identifiers found in it. */
  record Chunk(long firstNumber, long lastNumber, long firstId, long lastId, int templates, List<Long> recordIds) {}

  /** The file header's chunk count, minor version and flags, in this order. */
  static int[] header(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    return new int[] {Short.toUnsignedInt(b.getShort(42)), b.getShort(36), b.getInt(120)};
  }

  /**
   * The chunks of the file after checking every checksum and record frame.
   *
   * @throws AssertionError naming the first thing that does not hold
   */
  static List<Chunk> chunks(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    check(Arrays.equals(file, 0, 8, "ElfFile\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 8), "file magic");
    check(b.getInt(124) == ChunkBuilder.crc32(file, List.of(new int[] {0, 120})), "file header CRC32");
    check(b.getInt(32) == 128 && b.getShort(38) == 3 && b.getShort(40) == 4096, "header size, major version, block size");
    List<Chunk> chunks = new ArrayList<>();
    for (int at = EvtxWriter.FILE_HEADER_SIZE; at + ChunkBuilder.CHUNK_SIZE <= file.length; at += ChunkBuilder.CHUNK_SIZE) {
      byte[] chunk = Arrays.copyOfRange(file, at, at + ChunkBuilder.CHUNK_SIZE);
      ByteBuffer c = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
      int free = c.getInt(48);
      String where = "chunk at " + at + ": ";
      check(Arrays.equals(chunk, 0, 8, ChunkBuilder.MAGIC, 0, 8), where + "magic");
      check(c.getInt(124) == ChunkBuilder.crc32(chunk, List.of(new int[] {0, 120}, new int[] {128, 512})), where + "header CRC32");
      check(c.getInt(52) == ChunkBuilder.crc32(chunk, List.of(new int[] {512, free})), where + "records CRC32");
      List<Long> ids = new ArrayList<>();
      int record = 512;
      int last = 0;
      while (record < free) {
        int size = c.getInt(record + 4);
        check(c.getInt(record) == 0x2a2a && size >= 28 && c.getInt(record + size - 4) == size, where + "record frame at " + record);
        ids.add(c.getLong(record + 8));
        last = record;
        record += size;
      }
      check(record == free && last == c.getInt(44), where + "free space and last record offsets");
      int templates = 0;
      for (int i = 0; i < 32; i++) {
        for (int t = c.getInt(0x180 + 4 * i); t != 0; t = c.getInt(t)) {
          templates++;
        }
      }
      chunks.add(new Chunk(c.getLong(8), c.getLong(16), c.getLong(24), c.getLong(32), templates, ids));
    }
    return chunks;
  }

  private static void check(boolean holds, String what) {
    if (!holds) {
      throw new AssertionError("EVTX layout: " + what + " does not hold");
    }
  }
}
