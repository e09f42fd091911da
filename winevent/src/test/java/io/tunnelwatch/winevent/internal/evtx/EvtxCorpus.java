// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tunnelwatch.winevent.WinEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Not API: the shared sample corpus ({@code shared/corpus}, found from the working directory upwards
 * or from the {@code tunnelwatch.corpus} system property). Its {@code .evtx} files have no known
 * licence, so tests read them from there and skip, with a message, where it is absent. Public for
 * the other test packages that read the corpus (jsonforms), so that it is found in one place.
 */
public final class EvtxCorpus {
  private EvtxCorpus() {}

  /** The corpus folder, or null when it is not on this machine. */
  public static @Nullable Path root() {
    String prop = System.getProperty("tunnelwatch.corpus");
    if (prop != null) {
      Path p = Path.of(prop);
      return Files.isDirectory(p) ? p : null;
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared").resolve("corpus");
      if (Files.isDirectory(c.resolve("evtx"))) {
        return c;
      }
    }
    return null;
  }

  /** The corpus folder; skips the calling test when it is absent. */
  static Path requireRoot() {
    Path root = root();
    assumeTrue(root != null, "shared/corpus/evtx not found (set -Dtunnelwatch.corpus=...):"
        + " the .evtx corpus cannot be copied into the repository, so this test is skipped");
    return java.util.Objects.requireNonNull(root);
  }

  /** Every {@code .evtx} file under {@code corpus/evtx}, as paths relative to it, sorted. */
  static List<String> evtxFiles(Path root) {
    Path dir = root.resolve("evtx");
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".evtx"))
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One read of a file: records by id in file order, rejections and problems. */
  static final class Read implements EvtxListener {
    final Map<Long, WinEvent> events = new LinkedHashMap<>();
    final Map<Long, Instant> written = new LinkedHashMap<>();
    final List<Integer> chunkOf = new ArrayList<>();
    final List<String> rejections = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    @Nullable EvtxSummary summary;

    @Override
    public void record(int chunkIndex, long recordId, Instant writtenTime, WinEvent event) {
      events.put(recordId, event);
      written.put(recordId, writtenTime);
      chunkOf.add(chunkIndex);
    }

    @Override
    public void rejected(int chunkIndex, long recordId, String reason) {
      rejections.add(chunkIndex + "/" + recordId + ": " + reason);
    }

    @Override
    public void problem(int chunkIndex, String problem) {
      problems.add(chunkIndex + ": " + problem);
    }

    @Override
    public void headerProblem(String problem) {
      problems.add("header: " + problem);
    }
  }

  static Read read(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Read read(byte[] file) {
    try {
      return read(new ByteArrayInputStream(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Read read(InputStream in) throws IOException {
    Read r = new Read();
    r.summary = new EvtxReader().read(in, r);
    return r;
  }
}
