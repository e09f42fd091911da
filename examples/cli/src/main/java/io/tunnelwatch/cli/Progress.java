// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import io.tunnelwatch.core.ReadProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress bar on standard error, drawn in place with carriage returns while a large input is
 * read: it appears only when reading has taken half a second, and redraws at most five times a
 * second. Disabled, it does nothing.
 */
final class Progress {
  private static final long DELAY_NANOS = 500_000_000L;
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int BAR = 30;

  private final PrintWriter err;
  private final boolean enabled;
  private final long totalBytes;
  private final long start = System.nanoTime();
  private long bytes;
  private long events;
  private long records;
  private long chunks;
  private long lastDraw;
  private int drawnWidth;

  Progress(PrintWriter err, boolean enabled, long totalBytes) {
    this.err = err;
    this.enabled = enabled;
    this.totalBytes = totalBytes;
  }

  void bytesRead(long n) {
    bytes += n;
    maybeDraw();
  }

  /**
   * A listener for one input's read position (bytes from its start) and, for an EVTX file or an
   * export, its records and chunks, as the reader reports them.
   */
  ReadProgress input() {
    return new ReadProgress() {
      private long last;
      private long lastRecords;
      private long lastChunks;

      @Override
      public void bytes(long position) {
        bytesRead(position - last);
        last = position;
      }

      @Override
      public void records(long recordsSoFar, long chunksSoFar) {
        records += recordsSoFar - lastRecords;
        chunks += chunksSoFar - lastChunks;
        lastRecords = recordsSoFar;
        lastChunks = chunksSoFar;
        maybeDraw();
      }
    };
  }

  /** The bytes read so far, over every input. */
  long bytes() {
    return bytes;
  }

  void event() {
    events++;
  }

  private void maybeDraw() {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - start < DELAY_NANOS || (drawnWidth > 0 && now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    lastDraw = now;
    String text = render(bytes, totalBytes, events, records, chunks);
    err.print('\r' + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
    err.flush();
    drawnWidth = text.length();
  }

  /** One frame: a bar when the total is known, then bytes, records and chunks (when any), events. */
  static String render(long bytes, long totalBytes, long events, long records, long chunks) {
    double mib = bytes / 1048576.0;
    String counts = (records > 0 || chunks > 0 ? ", " + records + " records (" + chunks + " chunks)" : "")
        + ", " + events + " events";
    if (totalBytes <= 0) {
      return String.format(Locale.ROOT, "reading %.1f MiB", mib) + counts;
    }
    double f = Math.min(1.0, (double) bytes / totalBytes);
    int filled = (int) (f * BAR);
    return String.format(Locale.ROOT, "reading [%s%s] %3d%% %.1f/%.1f MiB",
        "#".repeat(filled), ".".repeat(BAR - filled), (int) (f * 100), mib, totalBytes / 1048576.0) + counts;
  }

  /** Erases the bar, if it was drawn, before the summary. */
  void clear() {
    if (drawnWidth > 0) {
      err.print('\r' + " ".repeat(drawnWidth) + '\r');
      err.flush();
      drawnWidth = 0;
    }
  }
}
