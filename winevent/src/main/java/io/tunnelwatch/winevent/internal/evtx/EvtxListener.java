// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import io.tunnelwatch.winevent.WinEvent;
import java.time.Instant;

/**
 * Not API: what an {@link EvtxReader} tells its caller while it streams through an {@code .evtx}
 * file. Callbacks come in file order from the reading thread; the reader never calls two at once.
 * Messages name positions and fields, never event values.
 *
 * @since 0.1.0
 */
public interface EvtxListener {
  /**
   * A non-fatal problem with the file header (checksum mismatch, unknown version, inconsistent
   * fields); reading goes on.
   */
  default void headerProblem(String problem) {}

  /**
   * A chunk whose header was read; its 65,536 bytes are {@code chunk[0..65536)}, valid only during
   * this call. Returning false skips decoding its records (a prefilter): the chunk header's
   * {@code firstRecordId..lastRecordId} tells how many records were skipped.
   *
   * @param chunkIndex the chunk's position in the file, from 0, counting every 64 KiB after the
   *     header (empty and damaged chunks included)
   */
  default boolean chunk(int chunkIndex, long firstRecordId, long lastRecordId, byte[] chunk) {
    return true;
  }

  /**
   * One decoded record. {@code event} is immutable; {@code writtenTime} is the record header's
   * FILETIME.
   */
  void record(int chunkIndex, long recordId, Instant writtenTime, WinEvent event);

  /**
   * A record (or, with {@code recordId} -1, a whole chunk or a run of bytes) that could not be
   * read. {@code reason} names the chunk offset and the field or token.
   */
  default void rejected(int chunkIndex, long recordId, String reason) {}

  /** A non-fatal problem in a chunk (checksum mismatch, inconsistent header field). */
  default void problem(int chunkIndex, String problem) {}
}
