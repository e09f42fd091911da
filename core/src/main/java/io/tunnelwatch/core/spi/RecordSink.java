package io.tunnelwatch.core.spi;

import io.tunnelwatch.core.DetectionPredicate;
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

  /** A record the container read itself, with what became of it and the format that read it. */
  void outcome(long number, String format, LineOutcome outcome);

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
