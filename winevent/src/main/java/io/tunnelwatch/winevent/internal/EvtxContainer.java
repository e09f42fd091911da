// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.EventOrigin;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.RecordContainer;
import io.tunnelwatch.core.spi.RecordSink;
import io.tunnelwatch.winevent.WinEvent;
import io.tunnelwatch.winevent.internal.evtx.EvtxChunkFilter;
import io.tunnelwatch.winevent.internal.evtx.EvtxException;
import io.tunnelwatch.winevent.internal.evtx.EvtxListener;
import io.tunnelwatch.winevent.internal.evtx.EvtxReader;
import io.tunnelwatch.winevent.spi.WinEventFormat;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Not API: native {@code .evtx} files (magic {@code ElfFile\0}) as a record container. Each record
 * is decoded into a {@link WinEvent} and handed to the reader's {@link WinEventFormat} of its
 * provider and event id; a record of another provider is skipped. A record's number is its
 * EventRecordID; damaged records and chunks are rejected naming the chunk and the offset, and
 * checksum mismatches are warnings.
 *
 * <p>With the reader's prefilter on, a chunk in which no name of the predicate occurs (as UTF-16LE
 * at any offset or as 8-bit text, ASCII case folded) is passed over undecoded, its records counted
 * from the chunk header; {@link EvtxChunkFilter} says why that never changes a result, and which one
 * assumption about Windows it rests on. Stateless and thread-safe.
 */
public final class EvtxContainer implements RecordContainer {
  /** The one instance. */
  public static final EvtxContainer INSTANCE = new EvtxContainer();

  private static final byte[] MAGIC = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
  /** More records than a 64 KiB chunk can hold: a chunk header claiming so is damaged. */
  private static final long MAX_RECORDS_PER_CHUNK = EvtxReader.CHUNK_SIZE / 28;

  private EvtxContainer() {}

  @Override
  public String id() {
    return "evtx";
  }

  @Override
  public boolean recognises(byte[] head, int length) {
    if (length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the file on the calling thread alone, or with {@link RecordSink#parallelism()} above 1
   * {@linkplain ParallelChunks chunk by chunk on several threads}: chunks are independent (each has
   * its own string and template tables), so the records, their order and every count are those of
   * the one-thread read.
   */
  @Override
  public void read(InputStream in, String source, RecordSink sink) throws IOException {
    WinEventDispatch formats = new WinEventDispatch(sink.formats());
    EvtxChunkFilter filter = filter(sink.prefilter());
    try {
      if (sink.parallelism() > 1) {
        new ParallelChunks(in, sink, sink.parallelism(), out -> new Listener(source, out, formats, filter)).run();
      } else {
        new EvtxReader().read(in, new Listener(source, sink, formats, filter));
      }
    } catch (EvtxException e) {
      sink.reject(0, null, "file header: " + e.getMessage());
    }
  }

  /**
   * The chunk filter for the predicate's names, or null (every chunk decoded) without a predicate or
   * when a name is not printable ASCII or is what a missing field holds (events that never wrote the
   * field match it, so no byte of the file tells them apart).
   */
  static @Nullable EvtxChunkFilter filter(@Nullable DetectionPredicate predicate) {
    if (predicate == null) {
      return null;
    }
    List<String> names = List.of(predicate.originalFileName(), predicate.processName());
    for (String name : names) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (name.isEmpty() || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
          || lower.equals(Field.UNKNOWN) || lower.equals(Field.NULL)) {
        return null;
      }
    }
    return EvtxChunkFilter.of(names);
  }

  /** Hands each record of one file, or of one chunk, to a sink. */
  static final class Listener implements EvtxListener {
    private final String source;
    private final RecordSink sink;
    private final WinEventDispatch dispatch;
    private final @Nullable EvtxChunkFilter filter;

    Listener(String source, RecordSink sink, WinEventDispatch dispatch, @Nullable EvtxChunkFilter filter) {
      this.source = source;
      this.sink = sink;
      this.dispatch = dispatch;
      this.filter = filter;
    }

    @Override
    public void headerProblem(String problem) {
      sink.warn(0, "file header: " + problem);
    }

    @Override
    public boolean chunk(int chunkIndex, long firstRecordId, long lastRecordId, byte[] chunk) {
      sink.chunk();
      EvtxChunkFilter f = filter;
      long count = lastRecordId - firstRecordId + 1;
      // A chunk is passed over only when its header says plausibly how many records it holds;
      // otherwise it is decoded, which accounts for each record (and each damaged one) exactly.
      if (f != null && count > 0 && count <= MAX_RECORDS_PER_CHUNK && !f.mayContain(chunk, 0, chunk.length)) {
        sink.passedOver(count);
        return false;
      }
      return true;
    }

    @Override
    public void record(int chunkIndex, long recordId, Instant writtenTime, WinEvent event) {
      dispatch.dispatch(event, recordId, source, "evtx", "chunk " + chunkIndex + ": ", sink);
    }

    @Override
    public void rejected(int chunkIndex, long recordId, String reason) {
      sink.reject(Math.max(recordId, 0), null, "chunk " + chunkIndex + ": " + reason);
    }

    @Override
    public void problem(int chunkIndex, String problem) {
      sink.warn(0, "chunk " + chunkIndex + ": " + problem);
    }
  }
}
