// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A UTF-8 {@link PrintWriter} over a stream that keeps the first {@link IOException} a write or flush
 * raised. PrintWriter itself swallows it and only sets {@link #checkError()}; the exception says why
 * ("No space left on device", "Broken pipe", "Bad file descriptor" for a closed descriptor). Not
 * thread-safe beyond what PrintWriter is.
 */
final class FailureKeepingWriter extends PrintWriter {
  private final Recording stream;

  FailureKeepingWriter(OutputStream out) {
    this(new Recording(out));
  }

  private FailureKeepingWriter(Recording stream) {
    super(new OutputStreamWriter(stream, StandardCharsets.UTF_8), false);
    this.stream = stream;
  }

  /**
   * Why writing to {@code out} failed, in a few words: the first error of a FailureKeepingWriter, or
   * only that it failed for another PrintWriter. Call it once {@link #checkError()} said so.
   */
  static String failure(PrintWriter out) {
    IOException e = out instanceof FailureKeepingWriter w ? w.stream.failure : null;
    return e == null ? "write error" : reason(e);
  }

  /** Why a write failed, in a few words: the system's reason alone for a plain IOException. */
  static String reason(IOException e) {
    String message = e.getMessage();
    return e.getClass() == IOException.class && message != null ? message : Input.describe(e);
  }

  /** Passes every call through and remembers the first failure. */
  private static final class Recording extends FilterOutputStream {
    private @Nullable IOException failure;

    Recording(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw remember(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw remember(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw remember(e);
      }
    }

    private IOException remember(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }
  }
}
