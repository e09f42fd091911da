// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes small synthetic {@code .evtx} files for tests that must run without the corpus: a file
 * header and chunks whose records instantiate one template,
 * {@code <Event><System><Provider Name='%0'/><EventID>%1</EventID><TimeCreated SystemTime='%2'/>
 * <Computer>%3</Computer><Security UserID='%4'/></System><EventData><Data Name='CommandLine'>%5
 * </Data></EventData></Event>} (%4 optional), defined inline in each chunk's first record and
 * referenced by offset in the others. Checksums are correct unless a test breaks them.
 */
final class EvtxFileWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int chunks;
  private int minor = 2;
  private long flags;

  EvtxFileWriter version(int minorVersion) {
    this.minor = minorVersion;
    return this;
  }

  EvtxFileWriter flags(long f) {
    this.flags = f;
    return this;
  }

  /** A chunk holding records {@code firstId..firstId+count-1}. */
  EvtxFileWriter chunk(long firstId, int count) {
    out.writeBytes(chunkBytes(firstId, count));
    chunks++;
    return this;
  }

  /** The file: header (with this writer's chunk count) and the chunks. */
  byte[] bytes() {
    BinXmlWriter h = new BinXmlWriter(EvtxReader.HEADER_SIZE, 0);
    h.bytes("ElfFile\0".getBytes(StandardCharsets.US_ASCII)).u64(0).u64(Math.max(chunks - 1, 0))
        .u64(1).u32(128).u16(minor).u16(3).u16(EvtxReader.HEADER_SIZE).u16(chunks);
    h.at(120).u32(flags);
    CRC32 crc = new CRC32();
    crc.update(h.b, 0, 120);
    h.at(124).u32(crc.getValue());
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(h.b);
    file.writeBytes(out.toByteArray());
    return file.toByteArray();
  }

  static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  static byte[] chunkBytes(long firstId, int count) {
    BinXmlWriter w = new BinXmlWriter(EvtxReader.CHUNK_SIZE, 0);
    w.bytes("ElfChnk\0".getBytes(StandardCharsets.US_ASCII)).u64(firstId).u64(firstId + count - 1)
        .u64(firstId).u64(firstId + count - 1).u32(128);
    int off = 512;
    int def = -1;
    int last = off;
    for (int i = 0; i < count; i++) {
      long id = firstId + i;
      last = off;
      w.at(off).u32(0x2a2a).u32(0).u64(id).u64(132671098393430374L + id);
      w.fragmentHeader();
      // Template instance: inline definition on first use.
      w.u8(0x0c).u8(1).u32(0);
      int defField = w.pos;
      w.u32(0);
      if (def < 0) {
        def = w.pos;
        int d = w.beginTemplate();
        w.fragmentHeader()
            .open("Event", false).closeStart()
            .open("System", false).closeStart()
            .open("Provider", true).attribute("Name").substitution(0, 1, false).closeEmpty()
            .open("EventID", false).closeStart().substitution(1, 6, false).end()
            .open("TimeCreated", true).attribute("SystemTime").substitution(2, 0x11, false)
            .closeEmpty()
            .open("Computer", false).closeStart().substitution(3, 1, false).end()
            .open("Security", true).attribute("UserID").substitution(4, 0x13, true).closeEmpty()
            .end()
            .open("EventData", false).closeStart()
            .open("Data", true).attribute("Name").text("CommandLine").closeStart()
            .substitution(5, 1, false).end()
            .end()
            .end().eof();
        w.endTemplate(d);
      }
      int save = w.pos;
      w.at(defField).u32(def).at(save);
      byte[][] values = {
          utf16("Microsoft-Windows-Sysmon"), {1, 0}, le64(132671098393430374L + 10 * id),
          utf16("HOST" + id), id % 2 == 0 ? new byte[] {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}
              : new byte[0],
          utf16("cmd.exe /c echo " + id)};
      int[] types = {1, 6, 0x11, 1, id % 2 == 0 ? 0x13 : 0, 1};
      w.u32(values.length);
      for (int v = 0; v < values.length; v++) {
        w.u16(values[v].length).u8(types[v]).u8(0);
      }
      for (byte[] v : values) {
        w.bytes(v);
      }
      w.eof();
      int size = w.pos + 4 - off;
      w.u32(size);
      w.at(off + 4).u32(size);
      off += size;
    }
    w.at(44).u32(last).u32(off);
    CRC32 crc = new CRC32();
    crc.update(w.b, 512, off - 512);
    w.at(52).u32(crc.getValue());
    crc.reset();
    crc.update(w.b, 0, 120);
    crc.update(w.b, 128, 384);
    w.at(124).u32(crc.getValue());
    return w.b;
  }

  /** Starts a chunk in {@code w}: signature and record ids; records follow at 512. */
  static void beginChunk(BinXmlWriter w, long firstId, long lastId) {
    w.at(0).bytes("ElfChnk\0".getBytes(StandardCharsets.US_ASCII)).u64(firstId).u64(lastId)
        .u64(firstId).u64(lastId).u32(128);
    w.at(512);
  }

  /** Starts a record at {@code w.pos}; write its Binary XML, then call {@link #endRecord}. */
  static int beginRecord(BinXmlWriter w, long id) {
    int start = w.pos;
    w.u32(0x2a2a).u32(0).u64(id).u64(132671098393430374L + id);
    return start;
  }

  static void endRecord(BinXmlWriter w, int start) {
    int size = w.pos + 4 - start;
    w.u32(size);
    int end = w.pos;
    w.at(start + 4).u32(size).at(end);
  }

  /** Ends the chunk after its last record (at {@code w.pos}): offsets and checksums. */
  static byte[] endChunk(BinXmlWriter w, int lastRecord) {
    int free = w.pos;
    w.at(44).u32(lastRecord).u32(free);
    CRC32 crc = new CRC32();
    crc.update(w.b, 512, free - 512);
    w.at(52).u32(crc.getValue());
    crc.reset();
    crc.update(w.b, 0, 120);
    crc.update(w.b, 128, 384);
    w.at(124).u32(crc.getValue());
    return w.b;
  }

  /** A file of the given chunks. */
  static byte[] file(byte[]... chunks) {
    EvtxFileWriter f = new EvtxFileWriter();
    for (byte[] c : chunks) {
      f.out.writeBytes(c);
      f.chunks++;
    }
    return f.bytes();
  }

  private static byte[] le64(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }
}
