// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

/**
 * A configuration error: a reader (or a stream topology) was built with no {@link
 * io.tunnelwatch.core.spi.EventFormat} to read with, none added and none discovered. It is a broken
 * installation or set-up (no adapter module on the class path), never a problem of the input, so
 * callers report it instead of reading. Thrown by {@link EventReader.Builder#build()}.
 *
 * @since 0.1.0
 */
public final class NoEventFormatException extends TunnelwatchException {
  private static final long serialVersionUID = 1L;

  /** The exception, with a message that says how to add a format. */
  public NoEventFormatException(String message) {
    super(message, null);
  }
}
