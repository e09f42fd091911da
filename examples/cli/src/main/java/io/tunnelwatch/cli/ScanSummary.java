// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.cli;

import io.tunnelwatch.core.BatchDetection;
import io.tunnelwatch.core.Coverage;
import io.tunnelwatch.core.DetectionReport;
import io.tunnelwatch.core.Field;
import io.tunnelwatch.core.FilterFailure;
import io.tunnelwatch.core.ReadSummary;
import io.tunnelwatch.core.Rejection;
import io.tunnelwatch.core.StreamingStats;
import io.tunnelwatch.core.spi.EventFormat;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a scan did, written to standard error at its end: warnings first, then one line per count,
 * the first rejections with line numbers and reasons, time taken and lines (or records) per second.
 */
final class ScanSummary {
  private static final int SHOWN_FUTURE = 5;
  private final int inputs;
  private final List<String> warnings = new ArrayList<>();
  private final List<String> filters = new ArrayList<>();
  private final List<String> failedInputs = new ArrayList<>();
  private final Map<String, Long> eventsByFormat = new TreeMap<>();
  private ReadSummary read = ReadSummary.empty();
  private List<Coverage> sources = List.of();
  private boolean fullCoverage;
  private String sourceZone = "UTC";
  private long outOfRange;
  private long matches;
  private long rows;
  private long lateRows;
  private long lateEvents;
  private @Nullable StreamingStats future;
  private String futureBound = "";
  private long suppressed;
  /** Per filter that threw: rows and the first error's class, over every report. */
  private final Map<String, FilterFailure> filterFailures = new LinkedHashMap<>();

  ScanSummary(int inputs) {
    this.inputs = inputs;
  }

  void warn(String message) {
    warnings.add(message);
  }

  /** An input that could not be read, or not to its end, or held no event of a known format. */
  void failedInput(String message) {
    failedInputs.add(message);
  }

  /** The messages of the inputs that failed, in input order. */
  List<String> failedInputs() {
    return failedInputs;
  }

  void filter(String name) {
    filters.add(name);
  }

  /**
   * What the sources present cannot show, from the formats' declared gaps: one line each in the
   * summary, or with {@code full} ({@code --coverage}) every gap with what it hides.
   */
  void coverage(List<EventFormat> formats, boolean full) {
    this.sources = Coverage.of(formats, eventsByFormat);
    this.fullCoverage = full;
  }

  void event(String format) {
    Long n = eventsByFormat.get(format);
    eventsByFormat.put(format, n == null ? 1L : n + 1);
  }

  /**
   * What was read; {@code sourceZone} names the zone that times written without one were read in,
   * and where it came from, for the {@code zoneless} line.
   */
  void read(ReadSummary summary, String sourceZone) {
    this.read = summary;
    this.sourceZone = sourceZone;
  }

  void outOfRange() {
    outOfRange++;
  }

  void outOfRange(long n) {
    outOfRange += n;
  }

  /** What --schedule's streaming evaluation counted; {@code skew} describes the clock-skew bound. */
  void streaming(StreamingStats stats, String skew) {
    lateEvents = stats.lateEvents();
    future = stats;
    futureBound = skew;
  }

  void report(BatchDetection.Totals t) {
    matches += t.matchedEvents();
    rows += t.rows();
    suppressed += t.suppressed();
    filterFailures(t.filterFailuresByFilter());
  }

  void report(DetectionReport r) {
    matches += r.matchedEvents();
    rows += r.results().size();
    if (r.late()) {
      lateRows += r.results().size();
    }
    suppressed += r.suppressed().size();
    filterFailures(r.filterFailuresByFilter());
  }

  private void filterFailures(List<FilterFailure> failures) {
    for (FilterFailure f : failures) {
      FilterFailure before = filterFailures.get(f.filter());
      filterFailures.put(f.filter(), before == null ? f : new FilterFailure(f.filter(), before.rows() + f.rows(), before.error()));
    }
  }

  /** The kept result rows. */
  long rows() {
    return rows;
  }

  void print(PrintWriter err, long nanos) {
    for (FilterFailure f : filterFailures.values()) {
      // One line per filter, not per row: a filter that fails on every row would drown the summary.
      warn("filter " + f.filter() + " failed on " + f.rows() + (f.rows() == 1 ? " row" : " rows") + " with " + f.error()
          + "; those rows were kept (--verbose shows the first in full)");
    }
    for (String w : warnings) {
      err.println("warning: " + w);
    }
    line(err, "lines read", read.lines() + " (" + inputs + (inputs == 1 ? " input)" : " inputs)"));
    if (!failedInputs.isEmpty()) {
      line(err, "failed", failedInputs.size() + " of " + inputs + (inputs == 1 ? " input" : " inputs")
          + " (listed at the end; exit status 3)");
    }
    if (read.records() > 0 || read.chunks() > 0) {
      line(err, "records", read.records() + (read.chunks() > 0 ? " (" + read.chunks() + (read.chunks() == 1 ? " chunk)" : " chunks)") : ""));
    }
    StringBuilder byFormat = new StringBuilder();
    for (Map.Entry<String, Long> e : eventsByFormat.entrySet()) {
      byFormat.append(byFormat.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
    }
    line(err, "events", read.events() + (byFormat.length() == 0 ? "" : " (" + byFormat + ")"));
    coverage(err);
    line(err, "skipped", read.skipped()
        + (read.prefiltered() > 0 ? " (" + read.prefiltered() + " passed over unparsed by the prefilter)" : ""));
    line(err, "rejected", Long.toString(read.rejected()));
    for (Rejection r : read.rejections()) {
      err.println("  " + r);
    }
    long unlisted = read.rejected() - read.rejections().size();
    if (unlisted > 0) {
      err.println("  ... and " + unlisted + " more");
    }
    if (!read.warnings().isEmpty()) {
      line(err, "damage", read.warnings().size() + " problem(s) that lost nothing");
      for (Rejection r : read.warnings()) {
        err.println("  " + r);
      }
    }
    long zoneless = read.zonelessTimes();
    if (zoneless > 0) {
      // A wrong zone shifts each of these events, and the windows they land in: say which was assumed.
      line(err, "zoneless", zoneless + (zoneless == 1 ? " event" : " events") + " had a time without a zone, read in "
          + sourceZone);
    }
    if (outOfRange > 0) {
      line(err, "out of range", Long.toString(outOfRange));
    }
    if (!filters.isEmpty()) {
      line(err, "filters", String.join(", ", filters));
    }
    if (future != null && future.futureEvents() > 0) {
      // Such an event did not advance time (it would have made every later event late): say which.
      line(err, "future", future.futureEvents() + " event(s) dated beyond the clock plus --max-clock-skew ("
          + futureBound + "): kept in their own windows, they closed none");
      List<StreamingStats.FutureEvent> listed = future.recentFuture();
      for (StreamingStats.FutureEvent f : listed.subList(Math.max(0, listed.size() - SHOWN_FUTURE), listed.size())) {
        err.println("  " + f.time() + " dest " + RowWriter.Table.cell(f.dest()) + " at " + f.origin());
      }
    }
    line(err, "matches", Long.toString(matches));
    line(err, "rows", rows + (lateRows > 0 ? " (" + lateRows + " late, from " + lateEvents + " late events)" : ""));
    line(err, "suppressed", Long.toString(suppressed));
    double seconds = Math.max(nanos, 1) / 1e9;
    // The rate names what it counts: the lines and records read, parsed or passed over by the
    // prefilter (not the 'events' above, which may be none); with nothing read there is no rate.
    long counted = read.lines() + read.records();
    String unit = read.records() == 0 ? " lines/s, " : read.lines() == 0 ? " records/s, " : " lines and records/s, ";
    line(err, "time", fixed(seconds, 3) + " s" + (counted == 0 ? ""
        : " (" + fixed(counted / seconds, 0) + unit + fixed(read.bytes() / seconds / 1e6, 0) + " MB/s)"));
    err.flush();
  }

  /** The coverage lines: per source present, the fields it lacks; or that no source in scope was read. */
  private void coverage(PrintWriter err) {
    if (sources.isEmpty()) {
      if (read.lines() + read.records() == 0) {
        return; // nothing read, nothing to say
      }
      if (read.prefiltered() == 0) {
        line(err, "coverage", "no in-scope source: the input holds no Sysmon Event ID 1, Security 4688 or CrowdStrike"
            + " process event, so nothing in it could match");
      } else if (read.prefiltered() > 0) {
        line(err, "coverage", "no line could match; their sources are not known unparsed (--coverage reads every line)");
      }
      return;
    }
    for (Coverage c : sources) {
      StringBuilder lacks = new StringBuilder();
      for (Field f : c.gaps().keySet()) {
        lacks.append(lacks.length() == 0 ? "" : ", ").append(f.cimName());
      }
      line(err, "coverage", c.format() + (lacks.length() == 0 ? " has every field of the detection"
          : " lacks " + lacks + (c.blindsTheDetection() ? " (a renamed devtunnel.exe is invisible)" : "")
          + (fullCoverage ? ":" : "")));
      if (fullCoverage) {
        for (Map.Entry<Field, String> gap : c.gaps().entrySet()) {
          err.println("  " + gap.getKey().cimName() + ": " + gap.getValue());
        }
      }
    }
  }

  // No String.format here: java.util.Formatter and the locale data it loads for %f cost more
  // start-up than a scan of a small file.
  private static void line(PrintWriter err, String key, String value) {
    StringBuilder b = new StringBuilder(key);
    while (b.length() < 13) {
      b.append(' ');
    }
    err.println(b.append(value));
  }

  /** {@code value} with {@code decimals} digits after the point, as {@code %.<decimals>f} writes it. */
  static String fixed(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }
}
