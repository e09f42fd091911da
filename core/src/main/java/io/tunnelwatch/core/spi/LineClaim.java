// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core.spi;

/**
 * How strongly an {@link EventFormat} claims a line, from a cheap look at its bytes. The reader
 * hands each line to the format with the strongest claim (the first registered on a tie).
 *
 * @since 0.1.0
 */
public enum LineClaim {
  /** Not this format. */
  NO,
  /** This format's family (an XML event of some provider, a JSON object): parse it if nobody claims more. */
  FAMILY,
  /** This format's own kind of line. */
  FORMAT;
}
