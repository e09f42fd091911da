// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.evtx;

/**
 * Not API: a damaged or foreign {@code .evtx} structure, with the position and the field that was
 * being read. Messages name positions and fields, never the payload (event values can hold
 * secrets). {@link EvtxReader} throws it only when the input is not an EVTX file at all; a damaged
 * chunk or record is reported to the {@link EvtxListener} instead.
 *
 * @since 0.1.0
 */
public final class EvtxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long position;
  private final String field;

  /**
   * A problem at {@code position} (a file offset, or a chunk offset where the message says so)
   * while reading {@code field}.
   */
  public EvtxException(long position, String field, String message) {
    super(message);
    this.position = position;
    this.field = field;
  }

  /** The offset the problem was found at (file or chunk offset, as the message says). */
  public long position() {
    return position;
  }

  /** The structure field or Binary XML token being read. */
  public String field() {
    return field;
  }
}
