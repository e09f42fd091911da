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
   * An input could not be read or an output written, {@code --strict} stopped on a malformed line,
   * or the scan ran out of memory or failed internally (a {@link Throwable} escaped it).
   */
  static final int INPUT = 3;

  private ExitStatus() {}
}
