// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

/**
 * What a read of a file tells as it goes, for a progress bar: called now and then on the thread that
 * called {@link EventReader#read(java.nio.file.Path, java.util.function.Consumer, ReadProgress)}.
 *
 * @since 0.1.0
 */
public interface ReadProgress {
  /**
   * How many of the file's bytes have been read (every 64 KiB to 2 MiB), never decreasing. The
   * default does nothing. (Both methods have defaults, so that a lambda given to {@code read} is
   * always the byte-position {@code LongConsumer} of the other overload.)
   */
  default void bytes(long position) {}

  /**
   * How many records and chunks of a record container (an EVTX file, an XML export) the read has
   * accounted for so far, never decreasing: after each chunk and every 1,024 records. The default
   * does nothing.
   */
  default void records(long records, long chunks) {}
}
