// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One in-process run of {@code tunnelwatch}: exit status, standard output, standard error (with
 * the time line, the one line that differs between runs, replaced by {@code time X}).
 */
record CliRun(int status, String out, String err) {
  /** The bundled sample, relative to this module. */
  static final Path DATA = Path.of("..", "data");

  static CliRun run(String... args) {
    return withStdin(new byte[0], args);
  }

  static CliRun withStdin(byte[] stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(args, new ByteArrayInputStream(stdin), new PrintWriter(out), new PrintWriter(err), false);
    return new CliRun(status, out.toString(), err.toString().replaceAll("(?m)^time {9}.*$", "time X"));
  }

  static String data(String name) {
    return DATA.resolve(name).toString();
  }

  /**
   * {@code shared/corpus/<dir>} of the nearest directory above this one that has it: the sample
   * corpus kept beside the repository, whose files may not be copied into it (its SOURCES.md).
   */
  static Optional<Path> corpus(String dir) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared").resolve("corpus").resolve(dir);
      if (Files.isDirectory(c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  static String resource(String name) {
    try {
      return Files.readString(Path.of("src", "test", "resources", name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
