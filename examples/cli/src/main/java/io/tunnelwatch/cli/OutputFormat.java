package io.tunnelwatch.cli;

import java.util.Locale;

/** How result rows are written to standard output. */
enum OutputFormat {
  /** Aligned columns for people; long values cut with an ellipsis. */
  TABLE,
  /** One JSON object per row, every key, for machines. */
  JSONL,
  /** RFC 4180: a header row, then one record per row, CRLF line ends. */
  CSV;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
