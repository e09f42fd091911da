// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import org.jspecify.annotations.Nullable;

/**
 * Not API: a line that is not a readable Windows event, with the field at fault and a reason that
 * never quotes the payload. Carries no stack trace: it is an expected outcome, not a bug.
 */
public final class WinEventException extends Exception {
  private static final long serialVersionUID = 1L;

  private final @Nullable String field;

  /** A rejection of {@code field} (null: the line as a whole) for {@code reason}. */
  public WinEventException(@Nullable String field, String reason) {
    super(reason, null, false, false);
    this.field = field;
  }

  /** The field at fault, or null when the line as a whole is. */
  public @Nullable String field() {
    return field;
  }

  /** Why the line was rejected; never the payload. */
  public String reason() {
    String m = getMessage();
    return m == null ? "" : m;
  }
}
