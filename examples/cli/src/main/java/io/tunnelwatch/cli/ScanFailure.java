// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import org.jspecify.annotations.Nullable;

/** A scan that cannot go on: its one-line message for standard error and the exit status. */
final class ScanFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  ScanFailure(int status, String message) {
    this(status, message, null);
  }

  ScanFailure(int status, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The exit status, one of {@link ExitStatus}. */
  int status() {
    return status;
  }
}
