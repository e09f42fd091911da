package io.tunnelwatch.winevent.internal.export;

import org.jspecify.annotations.Nullable;

/**
 * Not API: a JSON line that cannot be unwrapped, with the field at fault (a path such as
 * {@code result._raw}) and a reason that never quotes the payload. Carries no stack trace: it is an
 * expected outcome, not a bug.
 *
 * @since 0.1.0
 */
public final class WrappedXmlException extends Exception {
  private static final long serialVersionUID = 1L;

  private final @Nullable String field;

  /** A rejection of {@code field} (null: the line as a whole) for {@code reason}. */
  public WrappedXmlException(@Nullable String field, String reason) {
    super(field == null ? reason : field + ": " + reason, null, false, false);
    this.field = field;
  }

  /** The field at fault as a dotted path ({@code result._raw}, {@code event}), or null for the line. */
  public @Nullable String field() {
    return field;
  }

  /** Why the line was rejected, without the field; never the payload. */
  public String reason() {
    String m = getMessage();
    String text = m == null ? "" : m;
    return field == null ? text : text.substring(field.length() + 2);
  }
}
