// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import org.jspecify.annotations.Nullable;

/**
 * A malformed allowlist file: the message names the file, the entry and the field.
 *
 * @since 0.1.0
 */
public final class AllowlistException extends TunnelwatchException {
  private static final long serialVersionUID = 1L;

  AllowlistException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
