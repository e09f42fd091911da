// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import java.util.Locale;

/** How result rows are written to standard output. */
enum OutputFormat {
  /** Aligned columns for people; long values cut with an ellipsis. */
  TABLE,
  /** One JSON object per row, every key, for machines. */
  JSONL,
  /** RFC 4180: a header row, then one record per row, CRLF line ends. */
  CSV,
  /** One OCSF 1.8.0 Detection Finding (class 2004) per row, one JSON object per line. */
  OCSF,
  /** One Splunk HTTP Event Collector envelope per row, the row as its {@code event}. */
  HEC;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
