// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

import java.io.IOException;
import java.io.InputStream;

/**
 * A kind of file that holds records rather than lines (a native {@code .evtx} log, an XML export of
 * many events), recognised by its first bytes. The reader asks each container of its formats
 * ({@link EventFormat#containers()}) whether it recognises an input, and hands a recognised input to
 * that container instead of splitting it into lines; the container reports every record it finds to
 * a {@link RecordSink}, which routes, prefilters, parses and accounts for it as the reader does for
 * lines. Implementations are stateless and thread-safe.
 *
 * @since 0.1.0
 */
public interface RecordContainer {
  /** How many bytes of an input's start {@link #recognises} is shown at most. */
  int HEAD_BYTES = 4096;

  /** A short stable id, such as {@code evtx}, used in summaries and messages. */
  String id();

  /**
   * Whether an input that starts with {@code head[0, length)} is of this kind, from a cheap look at
   * those bytes; {@code length} is below {@link #HEAD_BYTES} only when the input is shorter.
   */
  boolean recognises(byte[] head, int length);

  /**
   * Reads {@code in} to its end, telling {@code sink} of every record. Damage is reported to the sink
   * as rejections and warnings, and reading goes on with what follows it.
   *
   * @param in the input from its first byte; not closed
   * @param source the input's name, for origins and messages
   * @param sink where the records go
   * @throws IOException when the input cannot be read
   */
  void read(InputStream in, String source, RecordSink sink) throws IOException;
}
