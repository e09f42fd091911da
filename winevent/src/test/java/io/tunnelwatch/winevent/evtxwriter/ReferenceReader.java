// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.evtxwriter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Test tooling: the independent EVTX readers installed on the build machine, run as processes and
 * their XML renderings parsed back into {@link RenderedEvent}s.
 */
enum ReferenceReader {
  /** williballenthin's python-evtx ({@code evtx_dump.py}), the Debian {@code python3-evtx}. */
  PYTHON_EVTX("python-evtx (/usr/bin/evtx_dump.py with /usr/bin/python3)"),
  /** Joachim Metz's libevtx ({@code evtxexport -f xml}), the Debian {@code libevtx-utils}. */
  EVTXEXPORT("evtxexport (libevtx-utils) on the PATH");

  private final String description;

  ReferenceReader(String description) {
    this.description = description;
  }

  /** Why a test that needs this reader is skipped here, or empty when it is installed. */
  Optional<String> missing() {
    boolean installed =
        switch (this) {
          case PYTHON_EVTX -> Files.isExecutable(Path.of("/usr/bin/python3")) && Files.isRegularFile(Path.of("/usr/bin/evtx_dump.py"));
          case EVTXEXPORT -> onPath("evtxexport").isPresent();
        };
    return installed ? Optional.empty() : Optional.of(description + " is not installed");
  }

  /** The reader's rendering of the file; {@code work} receives its output and error streams. */
  String render(Path evtx, Path work) {
    List<String> command =
        switch (this) {
          case PYTHON_EVTX -> List.of("/usr/bin/python3", "/usr/bin/evtx_dump.py", evtx.toString());
          case EVTXEXPORT -> List.of(onPath("evtxexport").orElseThrow().toString(), "-f", "xml", evtx.toString());
        };
    Path out = work.resolve(evtx.getFileName() + "." + name() + ".out");
    Path err = work.resolve(evtx.getFileName() + "." + name() + ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(this + " did not finish in 10 minutes on " + evtx);
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(this + " exited with " + process.exitValue() + " on " + evtx + ": " + stderr);
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** The events of the reader's rendering; evtxexport's is one XML document per event. */
  List<RenderedEvent> read(Path evtx, Path work) {
    String rendering = render(evtx, work);
    if (this == EVTXEXPORT) {
      // A banner line ("evtxexport 20181227"), then Event documents: wrap them into one document.
      int first = rendering.indexOf('<');
      rendering = "<Events>" + (first < 0 ? "" : rendering.substring(first)) + "</Events>";
    }
    return RenderedEvent.parseAll(rendering);
  }

  private static Optional<Path> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
