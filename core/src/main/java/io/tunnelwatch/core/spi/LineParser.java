// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

import io.tunnelwatch.core.EventOrigin;

/**
 * Turns lines of one {@link EventFormat} into events. Not thread-safe: one parser reads one stream.
 *
 * <p>A parser never throws for bad input: it returns {@link LineOutcome.Rejected} with the field and
 * a reason that names no payload.
 *
 * @since 0.1.0
 */
public interface LineParser {
  /**
   * Reads one line, given as UTF-8 bytes without its terminator.
   *
   * @param line the buffer; only {@code [offset, offset + length)} belongs to the line, and the
   *     buffer is reused after the call returns
   * @param origin where the line is, for the event and for messages
   * @return the event, a skip (out of scope) or a rejection (malformed)
   */
  LineOutcome parse(byte[] line, int offset, int length, EventOrigin origin);
}
