// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The class loader of {@code --plugins DIR}: the jars directly in DIR, in name order, over the
 * application's. A file that does not open as a jar (a truncated download) is a warning and left out.
 */
final class Plugins {
  private Plugins() {}

  /**
   * A loader over the jars in {@code dir}; the caller closes it.
   *
   * @throws ScanFailure with {@link ExitStatus#INPUT} when {@code dir} is not a readable directory
   */
  static URLClassLoader loader(Path dir, ScanSummary summary) throws ScanFailure {
    if (!Files.isDirectory(dir)) {
      throw new ScanFailure(ExitStatus.INPUT, "cannot read --plugins " + dir + ": not a directory");
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
      ds.forEach(jars::add);
    } catch (IOException e) {
      throw new ScanFailure(ExitStatus.INPUT, "cannot read --plugins " + dir + ": " + Input.describe(e));
    }
    jars.sort(null);
    if (jars.isEmpty()) {
      summary.warn("--plugins " + dir + " holds no jar");
    }
    // URLClassLoader skips a jar it cannot open without a word, so its filters would vanish silently.
    jars.removeIf(jar -> {
      try (JarFile j = new JarFile(jar.toFile())) {
        j.getManifest();
        return false;
      } catch (IOException | RuntimeException e) {
        summary.warn("--plugins jar " + jar + " is not a readable jar (" + Input.describe(e) + "); its filters are not used");
        return true;
      }
    });
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new ScanFailure(ExitStatus.INPUT, "cannot read --plugins jar " + jars.get(i) + ": " + e.getMessage());
      }
    }
    return new URLClassLoader("tunnelwatch-plugins", urls, Plugins.class.getClassLoader());
  }
}
