// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import org.jspecify.annotations.Nullable;

/**
 * A streaming snapshot that cannot be restored: not a snapshot, a version this library does not
 * read, a checksum mismatch, cut short, inconsistent, or taken under another schedule. The message
 * names the section and the byte offset, never a value. Nothing is restored when it is thrown.
 *
 * @since 0.1.0
 */
public final class SnapshotException extends TunnelwatchException {
  private static final long serialVersionUID = 1L;

  SnapshotException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
