// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

/**
 * A malformed line in strict mode, where reading stops at the first one. Carries the
 * {@link Rejection}: source, line number, format and field.
 *
 * @since 0.1.0
 */
public final class MalformedLineException extends TunnelwatchException {
  private static final long serialVersionUID = 1L;

  private final transient Rejection rejection;

  /** An exception for {@code rejection}. */
  public MalformedLineException(Rejection rejection) {
    super("malformed line " + rejection, null);
    this.rejection = rejection;
  }

  /** The rejected line. */
  public Rejection rejection() {
    return rejection;
  }
}
