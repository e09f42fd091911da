// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

import io.tunnelwatch.core.DetectionPredicate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link RecordContainer} reports the records of one input; implemented by the reader, which
 * counts each record as an event, a skip or a rejection, as it does for lines. A record's
 * {@code number} names it in origins and messages: the line where it starts for a text container,
 * the record id for a binary one. Not thread-safe: called on the thread that reads the input.
 *
 * @since 0.1.0
 */
public interface RecordSink {
  /** The reader's formats, in registration order: the mappings a container may hand records to. */
  List<EventFormat> formats();

  /**
   * The predicate of the reader's prefilter, or null when every record must be read: a container may
   * pass over, unread, records that cannot match it ({@link #passedOver}), as the reader passes over
   * lines, and must then say in its documentation why this never changes a result.
   */
  @Nullable DetectionPredicate prefilter();

  /**
   * How many threads the container may decode on, the calling one included (1: the calling thread
   * alone); the reader's {@code parallelism}. Whatever the number, the container reports to this
   * sink on the calling thread only, in input order, exactly what a one-thread read reports.
   */
  int parallelism();

  /** Where the container runs the decoding tasks of the threads after the calling one. */
  Executor executor();

  /**
   * A record that is the text of one line of a line format (an event of an XML export): routed to
   * the format that recognises it, prefiltered and parsed exactly as a line of a line file.
   *
   * @param line the buffer; only {@code [offset, offset + length)} is the record, UTF-8, reused after
   *     the call
   */
  void line(byte[] line, int offset, int length, long number);

  /**
   * Whether the reader's prefilter lets through a record that the container reads itself and whose
   * bytes are written in {@code syntax}: true without a prefilter, for {@link LineSyntax#UNKNOWN},
   * and whenever the bytes could hold a matching event (the rules of the reader's prefilter, as for
   * a line of that syntax). A container that gets false may {@linkplain #passedOver pass over} the
   * record unread; it then rests on the prefilter's argument, which needs every value the mapping
   * reads to be written in the record's bytes in that syntax.
   *
   * @param record the buffer; only {@code [offset, offset + length)} is the record
   * @since 0.1.0
   */
  boolean mayMatch(byte[] record, int offset, int length, LineSyntax syntax);

  /**
   * The longest record, in bytes, that a container keeps to read (the reader's
   * {@code maxLineLength}): a longer one is rejected as a longer line is, without being kept whole.
   *
   * @since 0.1.0
   */
  int maxRecordLength();

  /**
   * The zone in which a container reads a time written without one (NXLog's local
   * {@code EventTime}): the reader's {@code sourceZone}, UTC unless configured.
   *
   * @since 0.1.0
   */
  ZoneId sourceZone();

  /** A record the container read itself, with what became of it and the format that read it. */
  void outcome(long number, String format, LineOutcome outcome);

  /**
   * The record just reported to {@link #outcome} became an event whose time was written without a
   * zone and read in {@link #sourceZone()}; the summary counts such events.
   *
   * @since 0.1.0
   */
  void zonelessTime();

  /**
   * A record, or a part of the input holding records, that cannot be read.
   *
   * @param field the field at fault, or null for the record as a whole
   * @param reason where (chunk, offset) and what is wrong, never the payload
   */
  void reject(long number, @Nullable String field, String reason);

  /** {@code count} records passed over unread because none can match the prefilter's predicate. */
  void passedOver(long count);

  /** A chunk (a block of records) was read. */
  void chunk();

  /** Something wrong that lost nothing (a checksum mismatch on data that was read anyway). */
  void warn(long number, String reason);
}
