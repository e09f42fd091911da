// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.LineSyntax;
import io.tunnelwatch.core.spi.RecordSink;
import io.tunnelwatch.winevent.internal.evtx.EvtxListener;
import io.tunnelwatch.winevent.internal.evtx.EvtxReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Not API: an {@code .evtx} file decoded on several threads with the results of a one-thread read.
 * The calling thread reads the header, then the chunks in runs of {@value #CHUNKS_PER_RUN} (1 MiB),
 * and queues each run; {@code threads - 1} long-lived workers, started once on the sink's executor,
 * take runs from the queue and decode them (filter, records, mapping) into a list of what they
 * found. The calling thread replays the lists to the sink in file order, so the sink is only ever
 * called on it, exactly as in a one-thread read. A run no worker has taken when its turn comes is
 * decoded by the calling thread itself, so an executor that is slow, saturated or runs nothing
 * changes the speed, never the result. At most {@code 2 * threads} runs are in flight, and no more
 * than an eighth of the heap holds ({@link #inFlight}), so memory stays bounded whatever the file's
 * size.
 *
 * <p>Runs, not chunks, are handed over, and the workers live for the whole file: BENCHMARKS.md
 * measured a task (and, on the default executor, a thread) per 64 KiB chunk at several times the
 * cost of filtering the chunk. Not thread-safe: one instance reads one file.
 */
final class ParallelChunks {
  static final int CHUNKS_PER_RUN = 16;

  private final InputStream in;
  private final RecordSink sink;
  private final int threads;
  private final Function<RecordSink, EvtxListener> listeners;
  private final Object lock = new Object();
  private final ArrayDeque<Run> queue = new ArrayDeque<>(); // guarded by lock
  private boolean finished; // guarded by lock
  /** Run buffers decoded and replayed, for the next runs; the calling thread's alone. */
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  /** The most runs in flight, from {@link #inFlight}. */
  private final int maxInFlight;

  ParallelChunks(InputStream in, RecordSink sink, int threads, Function<RecordSink, EvtxListener> listeners) {
    this.in = in;
    this.sink = sink;
    this.threads = threads;
    this.listeners = listeners;
    this.maxInFlight = inFlight(threads, Runtime.getRuntime().maxMemory());
  }

  /**
   * Runs in flight for {@code threads} on a heap of {@code maxMemory} bytes: two per thread, within
   * an eighth of the heap (a run's buffer and what it decodes to, counted as two runs' bytes), at
   * least two.
   */
  static int inFlight(int threads, long maxMemory) {
    long runBytes = 2L * CHUNKS_PER_RUN * EvtxReader.CHUNK_SIZE;
    return (int) Math.max(2, Math.min(2L * threads, maxMemory / 8 / runBytes));
  }

  void run() throws IOException {
    EvtxReader reader = new EvtxReader();
    boolean checkCrc = reader.readHeader(in, listeners.apply(sink));
    try {
      for (int w = 1; w < threads; w++) {
        try {
          sink.executor().execute(this::work);
        } catch (RejectedExecutionException e) {
          break; // fewer workers: the calling thread decodes what they do not
        }
      }
      ArrayDeque<Run> inFlight = new ArrayDeque<>();
      for (int index = 0; ; index += CHUNKS_PER_RUN) {
        // Buffers are reused: a new 1 MiB array per run cost page faults (system time) and heap.
        byte[] bytes = free.isEmpty() ? new byte[CHUNKS_PER_RUN * EvtxReader.CHUNK_SIZE] : free.remove();
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n == 0) {
          break;
        }
        Run run = new Run(index, bytes, n, checkCrc);
        inFlight.add(run);
        synchronized (lock) {
          queue.add(run);
          lock.notify();
        }
        if (inFlight.size() >= maxInFlight) {
          replay(inFlight.remove(), reader);
        }
        if (n < bytes.length) {
          break;
        }
      }
      while (!inFlight.isEmpty()) {
        replay(inFlight.remove(), reader);
      }
    } finally {
      synchronized (lock) {
        finished = true;
        queue.clear();
        lock.notifyAll();
      }
    }
  }

  /** A worker: decodes queued runs until the file is read. */
  private void work() {
    EvtxReader reader = new EvtxReader();
    while (true) {
      Run run;
      synchronized (lock) {
        while (queue.isEmpty() && !finished) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return; // the calling thread decodes what is left
          }
        }
        if (finished) {
          return;
        }
        run = queue.remove();
      }
      run.decode(reader);
    }
  }

  private void replay(Run run, EvtxReader reader) throws IOException {
    run.decode(reader); // not taken yet: the calling thread decodes it itself
    run.await();
    free.add(run.bytes);
    run.found.replay(sink);
  }

  /** Up to {@value #CHUNKS_PER_RUN} consecutive chunks, decoded once, by whichever thread claims them. */
  private final class Run {
    private final int firstIndex;
    private final byte[] bytes;
    private final int length;
    private final boolean checkCrc;
    private final Found found = new Found();
    private final AtomicBoolean claimed = new AtomicBoolean();
    private boolean done; // guarded by this
    private @Nullable Throwable failure; // guarded by this

    Run(int firstIndex, byte[] bytes, int length, boolean checkCrc) {
      this.firstIndex = firstIndex;
      this.bytes = bytes;
      this.length = length;
      this.checkCrc = checkCrc;
    }

    void decode(EvtxReader reader) {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      Throwable thrown = null;
      try {
        EvtxListener listener = listeners.apply(found);
        for (int k = 0, offset = 0; offset < length; k++, offset += EvtxReader.CHUNK_SIZE) {
          if (length - offset < EvtxReader.CHUNK_SIZE) {
            reader.partialChunk(firstIndex + k, length - offset, listener);
          } else {
            reader.readChunk(firstIndex + k, bytes, offset, checkCrc, listener);
          }
        }
      } catch (RuntimeException | Error e) {
        thrown = e; // rethrown on the calling thread, as the one-thread read would throw it
      }
      synchronized (this) {
        failure = thrown;
        done = true;
        notifyAll();
      }
    }

    void await() throws IOException {
      synchronized (this) {
        while (!done) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding chunks from " + firstIndex);
          }
        }
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
          throw r;
        }
        if (t instanceof Error e) {
          throw e;
        }
      }
    }
  }

  /** What a run's decoding reported, kept for the calling thread to replay in order. */
  private static final class Found implements RecordSink {
    private final List<Object> items = new ArrayList<>();

    private record Outcome(long number, String format, LineOutcome outcome) {}

    private record Reject(long number, @Nullable String field, String reason) {}

    private record Warn(long number, String reason) {}

    private record PassedOver(long count) {}

    private static final Object CHUNK = new Object();

    void replay(RecordSink sink) {
      for (Object item : items) {
        if (item == CHUNK) {
          sink.chunk();
        } else if (item instanceof Outcome o) {
          sink.outcome(o.number(), o.format(), o.outcome());
        } else if (item instanceof Reject r) {
          sink.reject(r.number(), r.field(), r.reason());
        } else if (item instanceof Warn w) {
          sink.warn(w.number(), w.reason());
        } else if (item instanceof PassedOver p) {
          sink.passedOver(p.count());
        }
      }
    }

    @Override
    public void outcome(long number, String format, LineOutcome outcome) {
      items.add(new Outcome(number, format, outcome));
    }

    @Override
    public void reject(long number, @Nullable String field, String reason) {
      items.add(new Reject(number, field, reason));
    }

    @Override
    public void warn(long number, String reason) {
      items.add(new Warn(number, reason));
    }

    @Override
    public void passedOver(long count) {
      items.add(new PassedOver(count));
    }

    @Override
    public void chunk() {
      items.add(CHUNK);
    }

    // The listener takes formats and the filter when it is built; a run needs none of these.
    @Override
    public List<EventFormat> formats() {
      throw new UnsupportedOperationException("a run reports, it does not route");
    }

    @Override
    public @Nullable DetectionPredicate prefilter() {
      throw new UnsupportedOperationException("a run reports, it does not route");
    }

    @Override
    public int parallelism() {
      return 1;
    }

    @Override
    public Executor executor() {
      throw new UnsupportedOperationException("a run starts no tasks");
    }

    @Override
    public void line(byte[] line, int offset, int length, long number) {
      throw new UnsupportedOperationException("EVTX records are decoded, never lines");
    }

    @Override
    public boolean mayMatch(byte[] record, int offset, int length, LineSyntax syntax) {
      throw new UnsupportedOperationException("EVTX chunks are filtered by the listener");
    }

    @Override
    public int maxRecordLength() {
      throw new UnsupportedOperationException("EVTX records are bounded by their chunk");
    }

    @Override
    public ZoneId sourceZone() {
      throw new UnsupportedOperationException("EVTX times are UTC");
    }

    @Override
    public void zonelessTime() {
      throw new UnsupportedOperationException("EVTX times are UTC");
    }
  }
}
