// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import io.tunnelwatch.core.ProcessEvent;
import io.tunnelwatch.core.ReadSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A file read on several threads with results identical to one {@link Pass}: the file is cut into
 * pieces of the reader's chunk size (a line belongs to the piece it starts in), which every thread,
 * the calling one included, takes in turn and prefilters, keeping the lines to parse or reject.
 * The calling thread replays the pieces in order, parsing their lines as their line numbers in the
 * file, so parsing, the sink and every parser's state stay on it, in input order. Threads take
 * pieces at most {@link #ahead} ahead of the replay, so memory stays bounded when many lines must
 * be parsed.
 */
final class ParallelRead {
  /** The most pieces ahead of the replay: more keeps no more cores busy (measured at 8 threads). */
  static final int MAX_AHEAD = 16;

  /**
   * Pieces kept ahead of the replay. A piece holds up to its chunk size of lines to parse (every
   * line, when a file is mostly {@code AidMaster} lines): at most an eighth of the heap for them,
   * so a 32 MiB heap still reads in parallel, two pieces ahead.
   */
  private final int ahead;

  private final LineReader reader;
  private final Path file;
  private final Consumer<ProcessEvent> sink;
  private final LongConsumer progress;
  private final int pieces;
  private final @Nullable Piece[] done;
  private final Object lock = new Object();
  private int next; // the next piece to take; guarded by lock
  private int replayed; // pieces replayed so far; guarded by lock
  private boolean cancelled; // guarded by lock
  private @Nullable IOException failure; // guarded by lock

  ParallelRead(LineReader reader, Path file, Consumer<ProcessEvent> sink, long size, LongConsumer progress) {
    this.reader = reader;
    this.file = file;
    this.sink = sink;
    this.progress = progress;
    this.pieces = (int) Math.max(1, (size + reader.chunkBytes - 1) / reader.chunkBytes);
    this.done = new Piece[pieces];
    this.ahead = ahead(Runtime.getRuntime().maxMemory(), reader.chunkBytes);
  }

  /** The look-ahead for a heap of {@code maxMemory} bytes and pieces of {@code chunkBytes}. */
  static int ahead(long maxMemory, int chunkBytes) {
    return (int) Math.max(2, Math.min(MAX_AHEAD, maxMemory / 8 / chunkBytes));
  }

  ReadSummary run() throws IOException {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
      int helpers = Math.min(Runtime.getRuntime().availableProcessors(), 8) - 1;
      for (int h = 0; h < helpers; h++) {
        Thread t = new Thread(() -> help(channel), "tunnelwatch-read-" + (h + 1));
        t.setDaemon(true);
        t.start();
      }
      try {
        return replay(channel);
      } finally {
        synchronized (lock) {
          cancelled = true;
          lock.notifyAll();
        }
      }
    }
  }

  /** The calling thread: replays the pieces in order, taking pieces itself while it waits. */
  private ReadSummary replay(java.nio.channels.FileChannel channel) throws IOException {
    LineReader.Pass main = reader.new Pass(file.toString(), sink);
    long base = 0;
    long position = 0;
    for (int k = 0; k < pieces; k++) {
      Piece p;
      try {
        p = awaitOrHelp(k, channel);
      } catch (java.io.InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        // The pieces before this one were replayed: their events are in the sink.
        throw io.tunnelwatch.core.UnreadableInputException.stopped(file.toString(), main.summary(), e);
      }
      for (LineReader.Collected item : p.items()) {
        if (item instanceof LineReader.Collected.Parse c) {
          main.replayParse(base + c.line(), c.bytes(), c.format());
        } else if (item instanceof LineReader.Collected.Reject r) {
          main.replayReject(base + r.line(), r.format(), r.field(), r.reason());
        }
      }
      base += p.lines();
      main.addCounts(base, p.skipped(), p.prefiltered(), p.recognised(), p.bytes());
      position += p.bytes();
      progress.accept(position);
      synchronized (lock) {
        done[k] = null;
        replayed = k + 1;
        lock.notifyAll();
      }
    }
    return main.summary();
  }

  private Piece awaitOrHelp(int k, java.nio.channels.FileChannel channel) throws IOException {
    while (true) {
      int take;
      synchronized (lock) {
        if (failure != null) {
          throw failure;
        }
        Piece p = done[k];
        if (p != null) {
          return p;
        }
        take = next < pieces && next < k + ahead ? next++ : -1;
        if (take < 0) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading " + file);
          }
          continue;
        }
      }
      finish(take, read(take, channel));
    }
  }

  /** A helper thread: takes pieces until none is left or the read ends. */
  private void help(java.nio.channels.FileChannel channel) {
    while (true) {
      int take;
      synchronized (lock) {
        while (!cancelled && next < pieces && next >= replayed + ahead) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (cancelled || next >= pieces) {
          return;
        }
        take = next++;
      }
      try {
        finish(take, read(take, channel));
      } catch (IOException e) {
        fail(e);
        return;
      } catch (RuntimeException e) {
        fail(new IOException("prefiltering failed: " + e, e));
        return;
      } catch (Error e) {
        // The piece will never be done: the calling thread must not wait for it forever.
        fail(new IOException("prefiltering failed: " + e, e));
        throw e;
      }
    }
  }

  private void finish(int k, Piece p) {
    synchronized (lock) {
      done[k] = p;
      lock.notifyAll();
    }
  }

  private void fail(IOException e) {
    synchronized (lock) {
      if (failure == null) {
        failure = e;
      }
      lock.notifyAll();
    }
  }

  /** Prefilters the lines that start in piece {@code k}. */
  private Piece read(int k, java.nio.channels.FileChannel channel) throws IOException {
    List<LineReader.Collected> items = new ArrayList<>();
    LineReader.Pass pass = reader.new Pass(file.toString(), e -> { }, items);
    long from = (long) k * reader.chunkBytes;
    if (k == 0) {
      pass.run(positional(channel, 0), false, reader.chunkBytes);
    } else {
      // from the byte before the piece: a newline there means a line starts at the piece's start
      pass.run(positional(channel, from - 1), true, reader.chunkBytes + 1L);
    }
    return new Piece(items, pass.lines, pass.skipped, pass.prefiltered, pass.recognised, pass.bytes);
  }

  private InputStream positional(java.nio.channels.FileChannel channel, long start) {
    return new InputStream() {
      private long position = start;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = channel.read(java.nio.ByteBuffer.wrap(b, off, len), position);
        if (n > 0) {
          position += n;
        }
        return n;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
      }
    };
  }
}

/** What a piece's prefiltering pass counted and kept. */
record Piece(List<LineReader.Collected> items, long lines, long skipped, long prefiltered, long recognised, long bytes) {}
