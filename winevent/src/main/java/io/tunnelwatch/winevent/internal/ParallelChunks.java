package io.tunnelwatch.winevent.internal;

import io.tunnelwatch.core.DetectionPredicate;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineOutcome;
import io.tunnelwatch.core.spi.RecordSink;
import io.tunnelwatch.winevent.internal.evtx.EvtxListener;
import io.tunnelwatch.winevent.internal.evtx.EvtxReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Not API: an {@code .evtx} file decoded chunk by chunk on several threads with the results of a
 * one-thread read. The calling thread reads the header and the chunks in order and hands each chunk
 * to the sink's executor as a task that decodes it (filter, records, mapping) into a list of what it
 * found; the calling thread then replays the lists to the sink in chunk order, so the sink is only
 * ever called on it, in file order. A task that the executor has not started when its turn comes is
 * run by the calling thread itself, so an executor that is slow, saturated or runs nothing changes
 * the speed, never the result. At most {@code 2 * threads} chunks are in flight, so memory stays
 * bounded whatever the file's size. Not thread-safe: one instance reads one file.
 */
final class ParallelChunks {
  private final InputStream in;
  private final RecordSink sink;
  private final int ahead;
  private final Function<RecordSink, EvtxListener> listeners;
  /** Decoders for the tasks: each task takes one, so no decoder is used by two threads at once. */
  private final ConcurrentLinkedQueue<EvtxReader> decoders = new ConcurrentLinkedQueue<>();

  ParallelChunks(InputStream in, RecordSink sink, int threads, Function<RecordSink, EvtxListener> listeners) {
    this.in = in;
    this.sink = sink;
    this.ahead = 2 * threads;
    this.listeners = listeners;
  }

  void run() throws IOException {
    EvtxReader header = new EvtxReader();
    boolean checkCrc = header.readHeader(in, listeners.apply(sink));
    decoders.add(header);
    ArrayDeque<Task> inFlight = new ArrayDeque<>();
    for (int index = 0; ; index++) {
      byte[] bytes = new byte[EvtxReader.CHUNK_SIZE];
      int n = in.readNBytes(bytes, 0, bytes.length);
      if (n == 0) {
        break;
      }
      Task task = new Task(index, bytes, n, checkCrc);
      inFlight.add(task);
      try {
        sink.executor().execute(task);
      } catch (RejectedExecutionException e) {
        // The calling thread runs it when its turn comes.
      }
      if (inFlight.size() >= ahead) {
        replay(inFlight.remove());
      }
      if (n < bytes.length) {
        break;
      }
    }
    while (!inFlight.isEmpty()) {
      replay(inFlight.remove());
    }
  }

  private void replay(Task task) throws IOException {
    task.await();
    task.found.replay(sink);
  }

  /** Decodes one chunk into {@link #found}; runs once, on whichever thread claims it first. */
  private final class Task implements Runnable {
    private final int index;
    private final byte[] bytes;
    private final int length;
    private final boolean checkCrc;
    private final Found found = new Found();
    private final AtomicBoolean claimed = new AtomicBoolean();
    private boolean done; // guarded by this
    private @Nullable Throwable failure; // guarded by this

    Task(int index, byte[] bytes, int length, boolean checkCrc) {
      this.index = index;
      this.bytes = bytes;
      this.length = length;
      this.checkCrc = checkCrc;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      Throwable thrown = null;
      try {
        EvtxReader decoder = decoders.poll();
        if (decoder == null) {
          decoder = new EvtxReader();
        }
        EvtxListener listener = listeners.apply(found);
        if (length < EvtxReader.CHUNK_SIZE) {
          decoder.partialChunk(index, length, listener);
        } else {
          decoder.readChunk(index, bytes, checkCrc, listener);
        }
        decoders.add(decoder);
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
      run(); // not started yet: the calling thread decodes it itself
      synchronized (this) {
        while (!done) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while decoding chunk " + index);
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

  /** What a chunk's task reported, kept for the calling thread to replay in order. */
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

    // The listener takes formats and the filter when it is built; a task needs none of these.
    @Override
    public List<EventFormat> formats() {
      throw new UnsupportedOperationException("a chunk's task reports, it does not route");
    }

    @Override
    public @Nullable DetectionPredicate prefilter() {
      throw new UnsupportedOperationException("a chunk's task reports, it does not route");
    }

    @Override
    public int parallelism() {
      return 1;
    }

    @Override
    public Executor executor() {
      throw new UnsupportedOperationException("a chunk's task runs no tasks");
    }

    @Override
    public void line(byte[] line, int offset, int length, long number) {
      throw new UnsupportedOperationException("EVTX records are decoded, never lines");
    }
  }
}
