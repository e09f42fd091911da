// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

/**
 * How a format writes values into a line, which tells the reader's prefilter how a name could be
 * hidden from a plain byte search (escapes, character references). The prefilter passes over a line
 * unparsed only when the line's syntax is known and no such hiding is possible.
 *
 * @since 0.1.0
 */
public enum LineSyntax {
  /** Unknown escaping: every line is parsed (the safe default for a format that says nothing). */
  UNKNOWN,
  /**
   * One XML document per line: character and entity references (<code>&amp;#x64;</code>), CDATA sections,
   * comments and processing instructions can hide text. The parser decodes the line as UTF-8, unless
   * it starts with a byte order mark, has a NUL among its first four bytes (XML 1.0, appendix F) or
   * declares another encoding.
   */
  XML,
  /**
   * One JSON value per line (RFC 8259): {@code \}{@code u} escapes and short escapes can hide text.
   * The parser decodes the line as UTF-8, unless it starts with a byte order mark or has a NUL among
   * its first four bytes (how RFC 4627, section 3, tells UTF-16 and UTF-32).
   */
  JSON,
  /**
   * JSON whose strings may hold XML that the parser reads in turn (an Elastic document's
   * {@code event.original}, a Sentinel row's {@code EventData}): the rules of {@link #JSON} and of
   * {@link #XML} both apply, since a character reference in the XML can hide text as a JSON escape
   * can.
   *
   * @since 0.1.0
   */
  JSON_WITH_XML;
}
