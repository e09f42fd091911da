package io.tunnelwatch.core;

import java.util.ArrayList;
import java.util.List;

/**
 * How every line of an input was accounted for: {@code lines == events + skipped + rejected}.
 *
 * @param lines lines read
 * @param events lines that became events
 * @param skipped lines out of scope (blank, other events), including those the prefilter passed over
 * @param prefiltered of the skipped lines, those passed over unparsed because they could not match
 * @param rejected malformed lines
 * @param rejections the first rejections, in line order (at most the reader's configured number)
 * @param bytes bytes read
 * @since 0.1.0
 */
public record ReadSummary(
    long lines, long events, long skipped, long prefiltered, long rejected, List<Rejection> rejections, long bytes) {

  /** Copies the list and checks that the counts add up. */
  public ReadSummary {
    rejections = List.copyOf(rejections);
    if (lines != events + skipped + rejected) {
      throw new IllegalArgumentException(
          "lines must equal events + skipped + rejected but " + lines + " != " + events + " + " + skipped + " + " + rejected);
    }
  }

  /** The empty summary. */
  public static ReadSummary empty() {
    return new ReadSummary(0, 0, 0, 0, 0, List.of(), 0);
  }

  /** This summary and {@code other} added up; rejections are kept up to {@code maxRejections}. */
  public ReadSummary plus(ReadSummary other, int maxRejections) {
    List<Rejection> r = new ArrayList<>(rejections);
    for (Rejection x : other.rejections) {
      if (r.size() >= maxRejections) {
        break;
      }
      r.add(x);
    }
    return new ReadSummary(
        lines + other.lines, events + other.events, skipped + other.skipped,
        prefiltered + other.prefiltered, rejected + other.rejected, r, bytes + other.bytes);
  }
}
