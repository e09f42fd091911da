// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import org.jspecify.annotations.Nullable;

/**
 * The base of tunnelwatch's unchecked exceptions. Messages name positions and fields, never the
 * payload of an event (command lines can hold secrets).
 *
 * @since 0.1.0
 */
public class TunnelwatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and an optional cause. */
  public TunnelwatchException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
