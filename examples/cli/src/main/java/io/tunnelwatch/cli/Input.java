package io.tunnelwatch.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * One input of a scan: a file, or standard input ({@code -}).
 *
 * @param name the name in messages and event origins
 * @param path the file, or null for standard input
 */
record Input(String name, @Nullable Path path) {
  /** The names a directory's files must have to be read: logs and event log files, optionally gzipped. */
  static final Pattern LOG_FILE = Pattern.compile(".*\\.(xml|json|jsonl|ndjson|log|txt|evtx)(\\.gz)?");

  private static final int BUFFER = 1 << 16;

  /** Standard input. */
  static final String STDIN = "-";

  /**
   * The inputs that {@code args} name, in order: files as given, the log files ({@link #LOG_FILE},
   * not hidden) of a directory and of the directories below it, sorted by path, following symbolic
   * links but never into a loop, {@code -} for standard input.
   *
   * @throws ScanFailure with {@link ExitStatus#INPUT} when a file does not exist or a directory
   *     cannot be listed, or {@link ExitStatus#USAGE} when {@code -} is given twice
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
      if (Files.isDirectory(p)) {
        for (Path f : list(p)) {
          if (seen.add(f.toAbsolutePath().normalize())) {
            inputs.add(new Input(f.toString(), f));
          }
        }
      } else if (Files.exists(p)) {
        if (seen.add(p.toAbsolutePath().normalize())) {
          inputs.add(new Input(arg, p));
        }
      } else {
        throw new ScanFailure(ExitStatus.INPUT, "cannot read " + arg + ": " + whyAbsent(p));
      }
    }
    return inputs;
  }

  /**
   * Why a path that {@link Files#exists} denies cannot be read: exists() follows links and says false
   * for a link that loops (ELOOP) too, which is not a missing file.
   */
  private static String whyAbsent(Path p) {
    try {
      Files.readAttributes(p, BasicFileAttributes.class);
    } catch (IOException e) {
      if (!(e instanceof java.nio.file.NoSuchFileException)) {
        return describe(e);
      }
    }
    return "no such file or directory";
  }

  private static List<Path> list(Path dir) throws ScanFailure {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          return !d.equals(dir) && isHidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && !isHidden(f)
              && LOG_FILE.matcher(String.valueOf(f.getFileName()).toLowerCase(Locale.ROOT)).matches()) {
            files.add(f);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
          if (e instanceof FileSystemLoopException) {
            return FileVisitResult.CONTINUE; // a link back to a directory above: read it once
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new ScanFailure(ExitStatus.INPUT, "cannot list directory " + dir + ": " + describe(e));
    }
    files.sort(null);
    return files;
  }

  private static boolean isHidden(Path p) {
    return String.valueOf(p.getFileName()).startsWith(".");
  }

  /** The file's size in bytes, or 0 for standard input or when unknown. */
  long size() {
    if (path == null) {
      return 0;
    }
    try {
      return Files.size(path);
    } catch (IOException e) {
      return 0; // only the progress bar uses it; opening the file reports the problem
    }
  }

  /**
   * Opens the input for reading, gunzipping it when it starts with the gzip magic number (whatever
   * its name). Reading standard input does not close it.
   *
   * @param stdin what {@code -} reads
   * @param progress told of every byte read from the underlying file or stream
   */
  InputStream open(InputStream stdin, Progress progress) throws IOException {
    InputStream raw = path == null ? new KeepOpen(stdin) : Files.newInputStream(path);
    BufferedInputStream in = new BufferedInputStream(new Counting(raw, progress), BUFFER);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, BUFFER);
    }
    return in;
  }

  /** True for a file (not standard input) that does not start with the gzip magic number. */
  boolean isPlainFile() throws IOException {
    if (path == null || !Files.isRegularFile(path)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(path)) {
      return !(in.read() == 0x1f && in.read() == 0x8b);
    }
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
