// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import java.util.ArrayList;
import java.util.List;

/**
 * How every line and record of an input was accounted for:
 * {@code lines + records == events + skipped + rejected}.
 *
 * @param lines lines read (of line files)
 * @param records records read (of record containers: EVTX files, XML exports)
 * @param chunks chunks of records read (EVTX's 64 KiB chunks)
 * @param events lines and records that became events
 * @param skipped lines and records out of scope (blank, other events), including those the prefilter
 *     passed over
 * @param prefiltered of the skipped, those passed over unparsed because they could not match
 * @param rejected malformed lines and records
 * @param recognised lines and records that one of the formats (or a record container) recognised,
 *     whatever then became of them: 0 while {@link #nothingRecognised()} says the input is of no
 *     registered format
 * @param zonelessTimes of the events, those whose time was written without a zone (NXLog's local
 *     {@code EventTime}) and read in the reader's source zone: a wrong zone shifts each of them
 * @param rejections the first rejections, in input order (at most the reader's configured number)
 * @param warnings the first problems that lost nothing (a checksum mismatch on data read anyway), in
 *     input order, at most as many as rejections
 * @param bytes bytes read
 * @since 0.1.0
 */
public record ReadSummary(
    long lines, long records, long chunks, long events, long skipped, long prefiltered, long rejected,
    long recognised, long zonelessTimes, List<Rejection> rejections, List<Rejection> warnings, long bytes) {

  /** Copies the lists and checks that the counts add up. */
  public ReadSummary {
    rejections = List.copyOf(rejections);
    warnings = List.copyOf(warnings);
    if (lines + records != events + skipped + rejected) {
      throw new IllegalArgumentException("lines + records must equal events + skipped + rejected but "
          + lines + " + " + records + " != " + events + " + " + skipped + " + " + rejected);
    }
    if (recognised < 0 || recognised > lines + records) {
      throw new IllegalArgumentException(
          "recognised must be between 0 and lines + records (" + (lines + records) + ") but was " + recognised);
    }
    if (zonelessTimes < 0 || zonelessTimes > events) {
      throw new IllegalArgumentException(
          "zonelessTimes must be between 0 and events (" + events + ") but was " + zonelessTimes);
    }
  }

  /** The empty summary. */
  public static ReadSummary empty() {
    return new ReadSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), 0);
  }

  /**
   * Whether the input had lines or records besides blank ones and no format recognised any: it is
   * not an event log of a registered format (a random file, a log of another kind), which is worth
   * an error rather than a scan that finds nothing.
   *
   * @since 0.1.0
   */
  public boolean nothingRecognised() {
    return recognised == 0 && rejected > 0;
  }

  /** This summary and {@code other} added up; rejections and warnings are kept up to {@code max} each. */
  public ReadSummary plus(ReadSummary other, int max) {
    return new ReadSummary(
        lines + other.lines, records + other.records, chunks + other.chunks, events + other.events,
        skipped + other.skipped, prefiltered + other.prefiltered, rejected + other.rejected,
        recognised + other.recognised,
        zonelessTimes + other.zonelessTimes,
        upTo(rejections, other.rejections, max), upTo(warnings, other.warnings, max), bytes + other.bytes);
  }

  private static List<Rejection> upTo(List<Rejection> first, List<Rejection> second, int max) {
    List<Rejection> r = new ArrayList<>(first);
    for (Rejection x : second) {
      if (r.size() >= max) {
        break;
      }
      r.add(x);
    }
    return r;
  }
}
