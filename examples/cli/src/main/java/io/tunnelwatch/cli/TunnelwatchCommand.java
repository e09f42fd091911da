// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The top-level command; its one job is {@code scan}. What {@code --version} prints. */
final class TunnelwatchCommand {
  private TunnelwatchCommand() {}

  /** The version line from the build: {@code tunnelwatch 0.1.0}. */
  static String version() {
    return "tunnelwatch " + versionNumber();
  }

  /** The version from the build: {@code 0.1.0}. */
  static String versionNumber() {
    Properties p = new Properties();
    try (InputStream in = TunnelwatchCommand.class.getResourceAsStream("/tunnelwatch-cli.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "(unknown version)");
  }
}
