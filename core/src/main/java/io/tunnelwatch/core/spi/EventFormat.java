// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

import io.tunnelwatch.core.Field;
import java.util.List;
import java.util.Set;

/**
 * A log format that an adapter reads into {@link io.tunnelwatch.core.ProcessEvent}s, one line at a
 * time. Implementations are stateless and thread-safe; their {@link LineParser}s are not.
 *
 * <p>Adapters register their format in {@code module-info} ({@code provides}) and in
 * {@code META-INF/services/io.tunnelwatch.core.spi.EventFormat}.
 *
 * @since 0.1.0
 */
public interface EventFormat {
  /** A short stable id, such as {@code sysmon}, used in origins, summaries and messages. */
  String id();

  /**
   * Whether a line belongs to this format, from a cheap look at its bytes (no parsing).
   *
   * @param line the buffer holding the line (without its line terminator)
   * @param offset where the line starts in {@code line}
   * @param length the line's length in bytes
   */
  LineClaim claim(byte[] line, int offset, int length);

  /**
   * Whether {@link #claim} would say anything but {@link LineClaim#NO}, told without working out
   * how strongly. The reader asks every format this first, and asks {@code claim} only when two or
   * more formats recognise the same line: a format whose strength is costly to tell (CrowdStrike
   * looks for a key anywhere in the line) pays for it only when another format competes for the
   * line. Must equal {@code claim(line, offset, length) != LineClaim.NO}, which is the default;
   * override it when a cheaper look gives the same answer, such as the line's first byte.
   *
   * @param line the buffer holding the line (without its line terminator)
   * @param offset where the line starts in {@code line}
   * @param length the line's length in bytes
   * @since 0.1.0
   */
  default boolean recognises(byte[] line, int offset, int length) {
    return claim(line, offset, length) != LineClaim.NO;
  }

  /**
   * A new parser for one stream of lines. A parser may keep what earlier lines taught it (such as
   * CrowdStrike's host names by agent id) for the lines after them.
   */
  LineParser newParser();

  /**
   * A new parser for one stream of lines of a reader that has {@code readerFormats} (this format
   * among them, in registration order). A format whose lines other formats' lines can only be told
   * from by parsing them (a Windows event whose provider is written with a character reference or a
   * namespace prefix) may hand such a line, once parsed, to the one of them it belongs to, so that
   * routing rests on parsed values. The reader calls this one; the default is {@link #newParser()}.
   *
   * @since 0.1.0
   */
  default LineParser newParser(List<EventFormat> readerFormats) {
    return newParser();
  }

  /**
   * How this format escapes values, for the reader's prefilter. {@link LineSyntax#UNKNOWN} (the
   * default) means every line of this format is parsed.
   *
   * @since 0.1.0
   */
  default LineSyntax syntax() {
    return LineSyntax.UNKNOWN;
  }

  /**
   * Whether a line must be parsed even when it cannot produce a matching event, because it teaches
   * the parser state that later lines need (CrowdStrike's {@code AidMaster} host names). Looked at
   * only for lines that the prefilter would otherwise pass over; a line whose marker is escaped is
   * parsed anyway, because the prefilter parses every line with an escape. The default is false.
   *
   * @param line the buffer holding the line (without its line terminator)
   * @param offset where the line starts in {@code line}
   * @param length the line's length in bytes
   * @since 0.1.0
   */
  default boolean mustParse(byte[] line, int offset, int length) {
    return false;
  }

  /**
   * The kinds of file holding records of this format that are not read line by line (EVTX, XML
   * exports): a reader that has this format reads such files through them. The default is none.
   *
   * @since 0.1.0
   */
  default List<RecordContainer> containers() {
    return List.of();
  }

  /**
   * The detection's fields that this source structurally cannot supply (DESIGN.md section 3): its
   * events always have them missing, whatever the input. {@link io.tunnelwatch.core.Coverage} says
   * what each hides. The default is none.
   *
   * @since 0.1.0
   */
  default Set<Field> lacks() {
    return Set.of();
  }
}
