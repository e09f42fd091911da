// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An input that could not be read to its end: a truncated or corrupt gzip file, a read error in the
 * middle of a file, an encoding that cannot be read, or files of a directory that failed. Everything
 * read before the failure was delivered to the sink; {@link #partial()} accounts for it, so a caller
 * keeps those events and counts and goes on with its next input. The message names the input and
 * the position (line or record), never a payload.
 *
 * @since 0.1.0
 */
public final class UnreadableInputException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final transient ReadSummary partial;

  /**
   * An exception for {@code source}, of which {@code partial} was read, with a message that says
   * what went wrong.
   */
  public UnreadableInputException(String source, ReadSummary partial, String message, @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.source = Objects.requireNonNull(source, "source");
    this.partial = Objects.requireNonNull(partial, "partial");
  }

  /**
   * The exception for a read of {@code source} that {@code cause} stopped after {@code partial}:
   * "cannot read SOURCE to its end (stopped after line N): the cause".
   *
   * @since 0.1.0
   */
  public static UnreadableInputException stopped(String source, ReadSummary partial, Throwable cause) {
    String where = partial.records() > 0 ? "record " + partial.records() : "line " + partial.lines();
    String why = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    return new UnreadableInputException(
        source, partial, "cannot read " + source + " to its end (stopped after " + where + "): " + why, cause);
  }

  /** The input's name, as in event origins. */
  public String source() {
    return source;
  }

  /** What was read, and delivered to the sink, before the failure. */
  public ReadSummary partial() {
    return partial;
  }
}
