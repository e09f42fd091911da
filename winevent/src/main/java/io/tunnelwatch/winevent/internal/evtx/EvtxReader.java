// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static io.tunnelwatch.winevent.internal.evtx.EvtxValues.i64;
import static io.tunnelwatch.winevent.internal.evtx.EvtxValues.u16;
import static io.tunnelwatch.winevent.internal.evtx.EvtxValues.u32;

import io.tunnelwatch.winevent.WinEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Not API: a streaming reader of native Windows event log files ({@code .evtx}: a 4096-byte file
 * header, then 64 KiB chunks of Binary XML records, as libyal's EVTX document and MS-EVEN6
 * describe them), for the {@code .evtx} input form.
 *
 * <p>Reads chunk by chunk into one reused 64 KiB buffer, never the whole file. The chunk count
 * comes from the stream length, not the header (the header's count is often stale in dirty
 * files); a trailing partial chunk is rejected, and a chunk whose 512-byte header is all zero is
 * counted as empty (preallocated). Checksums (file header, chunk header, records) are checked and
 * a mismatch is reported as a problem, not fatal, unless the header's flag 0x4 says the file keeps
 * no checksums. A chunk or record that cannot be read is rejected with its chunk index,
 * record id (or -1) and a reason naming the position and field; after a damaged record the reader
 * resynchronises on the next {@code 2A 2A 00 00} whose size field and trailing size copy agree and
 * stay inside the chunk, so every readable record around damage is still read. Damaged input never
 * throws anything but {@link IOException} from the stream, or {@link EvtxException} when the
 * stream is not an EVTX file at all, and the work per chunk is bounded.
 *
 * <p>Each record is expanded and its {@code System} values and {@code EventData/Data} pairs go
 * into a {@link WinEvent} (see {@link EvtxValues} and {@link BinXmlDecoder} for the rendering of
 * typed values, optional substitutions and arrays). Names and templates are resolved by chunk
 * offset, so the chunk's string and template hash tables are not needed. Before decoding a chunk
 * the reader shows its bytes to {@link EvtxListener#chunk}, which may decline it (a prefilter such
 * as {@link EvtxChunkFilter}); without that the read is exact. Not thread-safe: use one reader per
 * thread; a reader may read many files one after another. It holds about 1 MB of buffers.
 *
 * @since 0.1.0
 */
public final class EvtxReader {
  /** Size of the file header. */
  public static final int HEADER_SIZE = 4096;
  /** Size of a chunk. */
  public static final int CHUNK_SIZE = BinXmlDecoder.CHUNK_SIZE;

  private static final byte[] FILE_MAGIC = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
  private static final byte[] CHUNK_MAGIC = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};
  private static final int CHUNK_HEADER_SIZE = 512;
  private static final int RECORD_HEADER_SIZE = 24;
  /** Header, at least one Binary XML byte, the size copy. */
  private static final int MIN_RECORD_SIZE = RECORD_HEADER_SIZE + 4 + 1;
  private static final int FLAG_NO_CRC = 0x4;

  /** Receives each record rendered as XML text, for tests and debugging. */
  interface XmlRecords {
    void record(int chunkIndex, long recordId, String xml);
  }

  private final byte[] chunk = new byte[CHUNK_SIZE];
  private final BinXmlDecoder decoder = new BinXmlDecoder();
  private final WinEvent.Builder builder = WinEvent.builder();
  private final EventSink eventSink = new EventSink(builder);
  private final XmlSink xmlSink = new XmlSink();
  private final CRC32 crc = new CRC32();

  // Per read.
  private EvtxListener listener = new EvtxListener() {
    @Override
    public void record(int chunkIndex, long recordId, java.time.Instant t, WinEvent event) {}
  };
  private @Nullable XmlRecords xml;
  private int chunks;
  private int emptyChunks;
  private int skippedChunks;
  private long records;
  private long rejected;
  private long problems;

  /** A reader; reusable for many files, one at a time. */
  public EvtxReader() {}

  /**
   * Reads the {@code .evtx} file that {@code in} is positioned at the start of, to its end,
   * calling {@code listener} for header problems, each chunk, each record, each rejection and each
   * problem. Does not close {@code in}.
   *
   * @throws EvtxException when the stream does not start with a complete EVTX file header (magic
   *     {@code ElfFile\0})
   * @throws IOException from {@code in}
   */
  public EvtxSummary read(InputStream in, EvtxListener listener) throws IOException {
    return read(in, listener, null);
  }

  /**
   * As {@link #read(InputStream, EvtxListener)}; also gives each record as XML text to {@code xml}.
   */
  EvtxSummary read(InputStream in, EvtxListener listener, @Nullable XmlRecords xml)
      throws IOException {
    this.listener = listener;
    this.xml = xml;
    chunks = 0;
    emptyChunks = 0;
    skippedChunks = 0;
    records = 0;
    rejected = 0;
    problems = 0;
    boolean checkCrc = fileHeader(in);
    for (int index = 0; ; index++) {
      int n = in.readNBytes(chunk, 0, CHUNK_SIZE);
      if (n == 0) {
        break;
      }
      chunks++;
      if (n < CHUNK_SIZE) {
        partialChunk(index, n, listener);
        break;
      }
      chunk(index, checkCrc);
    }
    return new EvtxSummary(chunks, emptyChunks, skippedChunks, records, rejected, problems);
  }

  /**
   * Reads and checks the file header of the {@code .evtx} file that {@code in} is positioned at the
   * start of, telling {@code listener} of header problems; for a caller that reads the chunks itself
   * (in parallel, with {@link #readChunk}).
   *
   * @return whether chunk checksums are to be checked (the header's flag 0x4 is clear)
   * @throws EvtxException when the stream does not start with a complete EVTX file header
   */
  public boolean readHeader(InputStream in, EvtxListener listener) throws IOException {
    this.listener = listener;
    this.xml = null;
    return fileHeader(in);
  }

  /**
   * Reads one whole chunk, {@code bytes[offset, offset + CHUNK_SIZE)}, as {@link #read} reads chunk
   * {@code index} of a file, telling {@code listener} of its records, rejections and problems. The
   * bytes are copied: the caller may reuse them after the call.
   */
  public void readChunk(int index, byte[] bytes, int offset, boolean checkCrc, EvtxListener listener) {
    java.util.Objects.checkFromIndexSize(offset, CHUNK_SIZE, bytes.length);
    this.listener = listener;
    this.xml = null;
    System.arraycopy(bytes, offset, chunk, 0, CHUNK_SIZE);
    chunk(index, checkCrc);
  }

  /**
   * Tells {@code listener} that chunk {@code index} is the file's trailing partial chunk of
   * {@code length} bytes, which holds no complete chunk and is rejected, as {@link #read} does.
   */
  public void partialChunk(int index, int length, EvtxListener listener) {
    this.listener = listener;
    reject(index, -1, "trailing partial chunk of " + length + " bytes at file offset " + fileOffset(index));
  }

  private static long fileOffset(int chunkIndex) {
    return HEADER_SIZE + (long) chunkIndex * CHUNK_SIZE;
  }

  /** Reads and checks the file header; true when chunk checksums are to be checked. */
  private boolean fileHeader(InputStream in) throws IOException {
    int n = in.readNBytes(chunk, 0, HEADER_SIZE);
    if (n < FILE_MAGIC.length || !startsWith(chunk, FILE_MAGIC)) {
      throw new EvtxException(0, "file magic",
          "not an EVTX file: no ElfFile signature at offset 0");
    }
    if (n < HEADER_SIZE) {
      throw new EvtxException(n, "file header", "file ends at offset " + n
          + ", inside its " + HEADER_SIZE + "-byte header");
    }
    long headerSize = u32(chunk, 32);
    if (headerSize != 128) {
      headerProblem("header size field is " + headerSize + ", expected 128 (offset 32)");
    }
    int minor = u16(chunk, 36);
    int major = u16(chunk, 38);
    if (major != 3 || (minor != 1 && minor != 2)) {
      headerProblem("format version " + major + "." + minor + " is not 3.1 or 3.2 (offset 36)");
    }
    int blockSize = u16(chunk, 40);
    if (blockSize != HEADER_SIZE) {
      headerProblem("header block size field is " + blockSize + ", expected 4096 (offset 40)");
    }
    long flags = u32(chunk, 120);
    crc.reset();
    crc.update(chunk, 0, 120);
    if (crc.getValue() != u32(chunk, 124)) {
      headerProblem("header checksum mismatch (CRC32 of bytes 0-120, stored at offset 124)");
    }
    return (flags & FLAG_NO_CRC) == 0;
  }

  private void headerProblem(String problem) {
    problems++;
    listener.headerProblem(problem);
  }

  private void problem(int chunkIndex, String problem) {
    problems++;
    listener.problem(chunkIndex, problem);
  }

  private void reject(int chunkIndex, long recordId, String reason) {
    rejected++;
    listener.rejected(chunkIndex, recordId, reason);
  }

  private static boolean startsWith(byte[] b, byte[] magic) {
    for (int i = 0; i < magic.length; i++) {
      if (b[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private void chunk(int index, boolean checkCrc) {
    if (isZero(chunk, CHUNK_HEADER_SIZE)) {
      emptyChunks++; // preallocated and never written
      return;
    }
    if (!startsWith(chunk, CHUNK_MAGIC)) {
      reject(index, -1, "chunk at file offset " + fileOffset(index) + ": no ElfChnk signature");
      return;
    }
    long first = i64(chunk, 24);
    long last = i64(chunk, 32);
    long freeSpace = u32(chunk, 48);
    if (checkCrc) {
      crc.reset();
      crc.update(chunk, 0, 120);
      crc.update(chunk, 128, CHUNK_HEADER_SIZE - 128);
      if (crc.getValue() != u32(chunk, 124)) {
        problem(index, "chunk header checksum mismatch (chunk offset 124)");
      }
    }
    int end = CHUNK_SIZE;
    if (freeSpace < CHUNK_HEADER_SIZE || freeSpace > CHUNK_SIZE) {
      problem(index, "free space offset " + freeSpace + " outside the chunk (chunk offset 48)"
          + ", records read to the chunk end");
    } else {
      end = (int) freeSpace;
      if (checkCrc) {
        crc.reset();
        crc.update(chunk, CHUNK_HEADER_SIZE, end - CHUNK_HEADER_SIZE);
        if (crc.getValue() != u32(chunk, 52)) {
          problem(index, "event records checksum mismatch (chunk offset 52)");
        }
      }
    }
    if (!listener.chunk(index, first, last, chunk)) {
      skippedChunks++;
      return;
    }
    decoder.startChunk(chunk);
    int off = CHUNK_HEADER_SIZE;
    while (off + MIN_RECORD_SIZE <= end) {
      int size = recordSize(off, end);
      if (size > 0) {
        record(index, off, size);
        off += size;
        continue;
      }
      boolean magic = isRecordMagic(off);
      long id = magic ? i64(chunk, off + 8) : -1;
      reject(index, id, "chunk offset 0x" + Integer.toHexString(off) + ": "
          + (magic ? "record size field does not match its copy or leaves the chunk"
              : "no record signature"));
      off = resync(off + 1, end);
    }
  }

  private static boolean isZero(byte[] b, int len) {
    for (int i = 0; i < len; i += 8) {
      if (i64(b, i) != 0) {
        return false;
      }
    }
    return true;
  }

  private boolean isRecordMagic(int off) {
    return chunk[off] == 0x2a && chunk[off + 1] == 0x2a && chunk[off + 2] == 0
        && chunk[off + 3] == 0;
  }

  /** The size of a well-framed record at {@code off}, or -1. */
  private int recordSize(int off, int end) {
    if (off + MIN_RECORD_SIZE > end || !isRecordMagic(off)) {
      return -1;
    }
    long size = u32(chunk, off + 4);
    if (size < MIN_RECORD_SIZE || off + size > end || u32(chunk, off + (int) size - 4) != size) {
      return -1;
    }
    return (int) size;
  }

  /** The next offset from {@code from} where a well-framed record starts, or {@code end}. */
  private int resync(int from, int end) {
    for (int off = from; off + MIN_RECORD_SIZE <= end; off++) {
      if (chunk[off] == 0x2a && recordSize(off, end) > 0) {
        return off;
      }
    }
    return end;
  }

  private void record(int index, int off, int size) {
    long id = i64(chunk, off + 8);
    long written = i64(chunk, off + 16);
    int start = off + RECORD_HEADER_SIZE;
    int end = off + size - 4;
    try {
      eventSink.reset();
      decoder.decodeRecord(start, end, eventSink);
      XmlRecords x = xml;
      String text = null;
      if (x != null) {
        xmlSink.reset();
        decoder.decodeRecord(start, end, xmlSink);
        text = xmlSink.xml();
      }
      records++;
      listener.record(index, id, EvtxValues.instant(written), builder.build());
      if (x != null && text != null) {
        x.record(index, id, text);
      }
    } catch (EvtxException e) {
      reject(index, id, "record " + id + ": " + e.getMessage());
    }
  }
}
