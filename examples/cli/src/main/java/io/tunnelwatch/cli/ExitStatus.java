// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

/** The exit statuses of {@code tunnelwatch}. */
final class ExitStatus {
  /** The scan completed, with or without detections. */
  static final int OK = 0;
  /** {@code --fail-on-detection} and at least one result row was kept. */
  static final int DETECTION = 1;
  /** The command line was wrong: unknown option, bad value, missing file argument. */
  static final int USAGE = 2;
  /**
   * An input failed (could not be read, was damaged part way, held no event of a known format; the
   * other inputs were read and every row found was written first), an output could not be written
   * (after writing what could be), {@code --strict} stopped on a malformed line, or the scan ran out
   * of memory or failed internally (a {@link Throwable} escaped it).
   */
  static final int INPUT = 3;

  private ExitStatus() {}
}
