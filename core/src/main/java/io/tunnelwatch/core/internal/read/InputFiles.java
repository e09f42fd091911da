// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.internal.read;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Not API: the walk behind {@link io.tunnelwatch.core.EventReader#files}, the one place that decides
 * which files of a directory are read (the command line reads directories through it too).
 */
public final class InputFiles {
  /** The names a directory's files must have to be read, in words for messages. */
  public static final String NAMES =
      "*.evtx, *.xml, *.json, *.jsonl, *.ndjson, *.log, *.txt, each also rotated (*.log.1) and gzipped (*.gz)";

  /** {@link #NAMES} as a pattern over the lower-cased file name. */
  private static final Pattern EVENT_FILE = Pattern.compile(".+\\.(evtx|xml|json|jsonl|ndjson|log|txt)(\\.[0-9]+)?(\\.gz)?");

  private InputFiles() {}

  /** See {@link io.tunnelwatch.core.EventReader#files}. */
  public static List<Path> of(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(path, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        return !d.equals(path) && isHidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        // Following links, a link that leads nowhere is visited with its own attributes: list it,
        // so that reading it says "no such file" instead of it being left out silently.
        if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && isEventFile(f)) {
          files.add(f);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
        if (e instanceof FileSystemLoopException) {
          return FileVisitResult.CONTINUE; // a link back to a directory above: read it once
        }
        if (f.equals(path)) {
          throw e;
        }
        if (!isHidden(f)) {
          files.add(f); // a directory that cannot be listed: reading it reports why
        }
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(null);
    return files;
  }

  private static boolean isEventFile(Path f) {
    return !isHidden(f) && EVENT_FILE.matcher(String.valueOf(f.getFileName()).toLowerCase(Locale.ROOT)).matches();
  }

  private static boolean isHidden(Path p) {
    return String.valueOf(p.getFileName()).startsWith(".");
  }
}
