// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import io.tunnelwatch.core.EventReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One input of a scan: a file, or standard input ({@code -}).
 *
 * @param name the name in messages and event origins
 * @param path the file, or null for standard input
 */
record Input(String name, @Nullable Path path) {
  /** Standard input. */
  static final String STDIN = "-";

  /**
   * The inputs that {@code args} name, in order: files as given, a directory's files as
   * {@link EventReader#files} lists them (the library's walk: event-file names, not hidden, below it
   * too, sorted by path, links followed but never into a loop), {@code -} for standard input. A file
   * that does not exist, a directory that cannot be listed and one without event files are inputs
   * too: reading them reports why, and the other inputs are still read.
   *
   * @throws ScanFailure with {@link ExitStatus#USAGE} when {@code -} is given twice
   */
  static List<Input> expand(List<String> args) throws ScanFailure {
    List<Input> inputs = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    boolean stdin = false;
    for (String arg : args) {
      if (arg.equals(STDIN)) {
        if (stdin) {
          throw new ScanFailure(ExitStatus.USAGE, "standard input '-' can be read only once");
        }
        stdin = true;
        inputs.add(new Input("(stdin)", null));
        continue;
      }
      Path p = Path.of(arg);
      List<Path> files = List.of();
      if (Files.isDirectory(p)) {
        try {
          files = EventReader.files(p);
        } catch (IOException e) {
          // read as an input below, which reports why it cannot be listed
        }
      }
      if (files.isEmpty()) {
        if (seen.add(p.toAbsolutePath().normalize())) {
          inputs.add(new Input(arg, p));
        }
      }
      for (Path f : files) {
        if (seen.add(f.toAbsolutePath().normalize())) {
          inputs.add(new Input(f.toString(), f));
        }
      }
    }
    return inputs;
  }

  /** The file's size in bytes, or 0 for standard input or when unknown. */
  long size() {
    if (path == null || !Files.isRegularFile(path)) {
      return 0;
    }
    try {
      return Files.size(path);
    } catch (IOException e) {
      return 0; // only the progress bar uses it; opening the file reports the problem
    }
  }

  /**
   * Opens standard input for reading, without closing it when the reader is done (the reader
   * recognises gzip and the rest by content).
   *
   * @param stdin what {@code -} reads
   * @param progress told of every byte read
   */
  static InputStream openStdin(InputStream stdin, Progress progress) {
    return new Counting(new KeepOpen(stdin), progress);
  }

  /** An exception's message without the stack, naming what went wrong in a few words. */
  static String describe(Throwable t) {
    Throwable e = t instanceof java.io.UncheckedIOException && t.getCause() != null ? t.getCause() : t;
    String kind = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f
        && String.valueOf(f.getReason()).startsWith("Too many levels of symbolic links")) {
      return "too many levels of symbolic links"; // ELOOP; the JDK adds a guess to the reason
    }
    return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
  }

  /** Counts bytes for the progress bar. */
  private static final class Counting extends FilterInputStream {
    private final Progress progress;

    Counting(InputStream in, Progress progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        progress.bytesRead(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        progress.bytesRead(n);
      }
      return n;
    }
  }

  /** Standard input that a reader may close without closing it. */
  private static final class KeepOpen extends FilterInputStream {
    KeepOpen(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
