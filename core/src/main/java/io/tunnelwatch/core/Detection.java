// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import io.tunnelwatch.core.internal.FilterWatchdog;
import io.tunnelwatch.core.internal.Providers;
import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.FilterDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Windows Devtunnels Execution" detection, configured: predicate, schedule and filters.
 * Immutable and thread-safe; each {@link #batch()} or {@link #streaming} evaluation it starts is
 * not.
 *
 * <pre>{@code
 * Detection detection = Detection.builder().addFilter(myFilter).build();
 * BatchDetection batch = detection.batch();
 * events.forEach(batch::accept);
 * DetectionReport report = batch.finish();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Detection {
  /** The logger, created when first needed: SLF4J's start-up costs tens of milliseconds. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Detection.class);
  }

  private final DetectionPredicate predicate;
  private final Schedule schedule;
  private final List<DetectionFilter> filters;
  /** The filters' names, asked once when each was added (a name that fails later cannot break a report). */
  private final List<String> filterNames;
  private final List<String> filterLoadProblems;
  private final long aggregationBudget;
  private final Path tempDirectory;
  private final Duration slowFilterAfter;
  private final Consumer<SlowFilter> slowFilterListener;

  private Detection(Builder b) {
    this.predicate = b.predicate;
    this.schedule = b.schedule;
    this.filters = List.copyOf(b.filters);
    this.filterNames = List.copyOf(b.filterNames);
    this.filterLoadProblems = List.copyOf(b.problems);
    this.aggregationBudget = b.aggregationBudget > 0 ? b.aggregationBudget : defaultAggregationBudget();
    this.tempDirectory = b.tempDirectory != null ? b.tempDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    this.slowFilterAfter = b.slowFilterAfter;
    this.slowFilterListener = b.slowFilterListener;
  }

  /**
   * The default of {@link Builder#aggregationBudget}: a quarter of the heap the JVM may use
   * ({@link Runtime#maxMemory()}), so that reading, merging and writing rows have the rest.
   */
  public static long defaultAggregationBudget() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /** How long a filter may decide one row before it is reported, unless the builder says otherwise. */
  public static final Duration DEFAULT_SLOW_FILTER_AFTER = Duration.ofSeconds(10);

  /** A builder with the published defaults: {@link DetectionPredicate#defaults()}, Splunk's hourly schedule, no filters. */
  public static Builder builder() {
    return new Builder();
  }

  /** The predicate. */
  public DetectionPredicate predicate() {
    return predicate;
  }

  /** The schedule. */
  public Schedule schedule() {
    return schedule;
  }

  /** The filters in the order they run: registered ones first, then discovered ones by class name. */
  public List<DetectionFilter> filters() {
    return filters;
  }

  /**
   * The filters' names, in the order of {@link #filters()}, as each gave it when it was added: use
   * these rather than asking a plugin again.
   */
  public List<String> filterNames() {
    return filterNames;
  }

  /** One message per filter provider that failed to load during discovery. */
  public List<String> filterLoadProblems() {
    return filterLoadProblems;
  }

  /** The heap, in bytes, that a batch evaluation's result groups may take before they spill to disk. */
  public long aggregationBudget() {
    return aggregationBudget;
  }

  /** The directory in which a batch evaluation spills result groups past its budget. */
  public Path tempDirectory() {
    return tempDirectory;
  }

  /** A new evaluation over all time. */
  public BatchDetection batch() {
    return new BatchDetection(this, null, null);
  }

  /**
   * A new evaluation over {@code [earliest, latest)}.
   *
   * @throws IllegalArgumentException when {@code earliest} is not before {@code latest}
   */
  public BatchDetection batch(Instant earliest, Instant latest) {
    if (!earliest.isBefore(latest)) {
      throw new IllegalArgumentException("earliest must be before latest but was " + earliest + " >= " + latest);
    }
    return new BatchDetection(this, earliest, latest);
  }

  /** Evaluates {@code events} over all time. */
  public DetectionReport evaluate(Iterable<ProcessEvent> events) {
    BatchDetection batch = batch();
    events.forEach(batch::accept);
    return batch.finish();
  }

  /** A builder for a streaming evaluation that hands each window's report to {@code listener}. */
  public StreamingDetection.Builder streaming(Consumer<DetectionReport> listener) {
    return new StreamingDetection.Builder(this, listener);
  }

  /**
   * Runs the filters over an aggregate and builds the report; the step shared by every evaluation
   * (batch, streaming, and stream engines that keep the aggregate as state).
   *
   * <p>A filter that throws anything, an {@link Error} included, keeps its row; the failures are
   * counted per filter ({@link DetectionReport#filterFailuresByFilter()}) and logged once per filter
   * and report with the first {@link Throwable}. That holds for {@link OutOfMemoryError} and
   * {@link StackOverflowError} too: both are thrown inside the filter's own call, whose frames and
   * allocations are gone once it has unwound to here, so the scan can go on; if the heap is truly
   * exhausted, the next allocation outside the filter fails and ends the evaluation with that error,
   * as it would without filters. Keeping the row is the safe side: a broken filter may cause a false
   * positive, never hide a detection. A call that runs longer than
   * {@link Builder#slowFilterAfter(Duration)} is reported while it runs.
   *
   * @param aggregate the matching events' aggregate
   * @param window the window, or null for explicit bounds or all time
   * @see #reportLate(DetectionAggregate, Window)
   */
  public DetectionReport report(DetectionAggregate aggregate, @Nullable Window window) {
    return filtered(aggregate.toResults(window), window, false);
  }

  /**
   * Like {@link #report(DetectionAggregate, Window)}, for late events: events of a window that was
   * already reported, whose report and rows say {@code late}.
   *
   * @param aggregate the late events' aggregate
   * @param window the window they belong to
   */
  public DetectionReport reportLate(DetectionAggregate aggregate, Window window) {
    return filtered(aggregate.toLateResults(window), window, true);
  }

  private DetectionReport filtered(List<DetectionResult> results, @Nullable Window window, boolean late) {
    List<DetectionResult> kept = new ArrayList<>();
    List<Suppression> suppressed = new ArrayList<>();
    try (Rows rows = new Rows(kept::add, suppressed::add)) {
      for (DetectionResult row : results) {
        rows.accept(row);
      }
      return new DetectionReport(window, late, rows.matched, kept, suppressed, rows.failures());
    }
  }

  /**
   * Runs the filters over rows one at a time, handing each on as kept or suppressed, and counts;
   * close it when the rows are done (it stops watching for slow filters).
   */
  final class Rows implements Consumer<DetectionResult>, AutoCloseable {
    private final Consumer<DetectionResult> kept;
    private final Consumer<Suppression> suppressed;
    // Preallocated: recording a failure must not allocate (it may be an OutOfMemoryError).
    private final int[] failures;
    private final @Nullable Throwable[] first;
    private final FilterWatchdog.@Nullable Watch watch;
    long matched;
    long keptRows;
    long suppressedRows;

    Rows(Consumer<DetectionResult> kept, Consumer<Suppression> suppressed) {
      this.kept = kept;
      this.suppressed = suppressed;
      int n = filters.size();
      this.failures = new int[n];
      this.first = new Throwable[n];
      this.watch = n == 0 ? null : FilterWatchdog.watch(slowFilterAfter, Detection.this::slow);
    }

    @Override
    public void accept(DetectionResult row) {
      matched += row.count();
      for (int i = 0; i < failures.length; i++) {
        @Nullable FilterDecision d = null;
        if (watch != null) {
          watch.begin(i, row);
        }
        try {
          d = filters.get(i).decide(row);
        } catch (Throwable t) { // Errors included: see the Javadoc of report
          failures[i]++;
          if (first[i] == null) {
            first[i] = t;
          }
          continue;
        } finally {
          if (watch != null) {
            watch.end();
          }
        }
        if (d == null) {
          failures[i]++;
          if (first[i] == null) {
            first[i] = new NullPointerException("decide returned null");
          }
        } else if (d.suppressed()) {
          suppressedRows++;
          suppressed.accept(new Suppression(row, filterNames.get(i), d.reason().orElseThrow()));
          return;
        }
      }
      keptRows++;
      kept.accept(row);
    }

    /** The failures so far, one per failing filter; each logged once, with its first {@link Throwable}. */
    List<FilterFailure> failures() {
      List<FilterFailure> failed = new ArrayList<>();
      for (int i = 0; i < failures.length; i++) {
        Throwable t = first[i];
        if (t != null) {
          failed.add(new FilterFailure(filterNames.get(i), failures[i], t.getClass().getName()));
          Log.LOG.warn("filter {} failed on {} row(s) with {}; those rows were kept",
              filterNames.get(i), failures[i], t.getClass().getName(), t);
        }
      }
      return failed;
    }

    @Override
    public void close() {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /** On the watchdog thread: tells the listener about a slow call. */
  private void slow(int filter, Object row, Duration elapsed) {
    slowFilterListener.accept(new SlowFilter(filterNames.get(filter), ((DetectionResult) row).get(Field.DEST), elapsed));
  }

  /** The name of {@code filter}, or why it is refused: a name that throws, is null or is blank. */
  private static Optional<String> nameProblem(DetectionFilter filter, Consumer<String> named) {
    String n;
    try {
      n = filter.name();
    } catch (Throwable t) { // a plugin's Error too: refusing it must not end the caller
      return Optional.of("its name() threw " + t.getClass().getName());
    }
    if (n == null) {
      return Optional.of("its name() returned null");
    }
    if (n.isBlank()) {
      return Optional.of("its name() returned a blank string");
    }
    named.accept(n);
    return Optional.empty();
  }

  /** Builds a {@link Detection}. Not thread-safe. */
  public static final class Builder {
    private DetectionPredicate predicate = DetectionPredicate.defaults();
    private Schedule schedule = Schedule.splunkHourly();
    private final List<DetectionFilter> filters = new ArrayList<>();
    private final List<String> filterNames = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long aggregationBudget;
    private @Nullable Path tempDirectory;
    private Duration slowFilterAfter = DEFAULT_SLOW_FILTER_AFTER;
    private Consumer<SlowFilter> slowFilterListener =
        slow -> Log.LOG.warn("{} (the row is still being decided)", slow);

    private Builder() {}

    /**
     * Bounds the heap that a {@link BatchDetection}'s result groups take (an estimate from the
     * values' lengths): past it, the groups are written to a sorted run in {@link #tempDirectory}
     * and merged back at {@link BatchDetection#finish()}, so the rows are exactly those of an
     * unbounded evaluation. The default is {@link Detection#defaultAggregationBudget()};
     * {@link Long#MAX_VALUE} never spills.
     *
     * @throws IllegalArgumentException when {@code bytes} is not positive
     */
    public Builder aggregationBudget(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("aggregationBudget must be positive but was " + bytes);
      }
      this.aggregationBudget = bytes;
      return this;
    }

    /**
     * Where a batch evaluation spills result groups past its {@link #aggregationBudget}: a directory
     * of its own is created in it at the first spill and deleted when the evaluation finishes or
     * closes, or else when the JVM exits. The default is {@code java.io.tmpdir}. The directory is
     * used only when a spill happens, so a missing one fails then, naming it.
     */
    public Builder tempDirectory(Path directory) {
      this.tempDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Replaces the predicate. */
    public Builder predicate(DetectionPredicate predicate) {
      this.predicate = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    /** Replaces the schedule used by streaming evaluations. */
    public Builder schedule(Schedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /**
     * Adds a filter; filters run in the order they were added. Its {@link DetectionFilter#name()} is
     * asked once, here.
     *
     * @throws IllegalArgumentException naming the filter's class when its {@code name()} throws,
     *     returns null or returns a blank string
     */
    public Builder addFilter(DetectionFilter filter) {
      Objects.requireNonNull(filter, "filter");
      Optional<String> problem = nameProblem(filter, filterNames::add);
      if (problem.isPresent()) {
        throw new IllegalArgumentException("filter " + filter.getClass().getName() + " refused: " + problem.get());
      }
      filters.add(filter);
      return this;
    }

    /**
     * How long a filter may decide one row before it is reported to
     * {@link #onSlowFilter(Consumer)}, while it runs (and again after each further such time); by
     * default {@link Detection#DEFAULT_SLOW_FILTER_AFTER}. The filter is not stopped: Java cannot stop a
     * thread safely, and a slow answer is better than none.
     *
     * @throws IllegalArgumentException when {@code after} is not positive
     */
    public Builder slowFilterAfter(Duration after) {
      if (after.isNegative() || after.isZero()) {
        throw new IllegalArgumentException("slowFilterAfter must be positive but was " + after);
      }
      this.slowFilterAfter = after;
      return this;
    }

    /**
     * Who hears of a slow filter; by default an SLF4J warning. Called on the library's one watchdog
     * thread, so it must be quick and thread-safe; what it throws is logged.
     */
    public Builder onSlowFilter(Consumer<SlowFilter> listener) {
      this.slowFilterListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Adds every {@link DetectionFilter} that {@link java.util.ServiceLoader} finds through
     * {@code loader}, sorted by class name, after those already added, skipping names already added
     * (as {@link EventReader.Builder#addDiscoveredFormats(ClassLoader)} skips ids): a suppression is reported by
     * the filter's name, so a second filter of that name would run again and be told apart from the
     * first by nothing, and discovering twice adds nothing twice. A provider that fails to load, or
     * whose {@code name()} throws, is null or is blank, is not used: it is logged and listed in
     * {@link Detection#filterLoadProblems()}, naming the jar and the class. None found is fine.
     */
    public Builder addDiscoveredFilters(ClassLoader loader) {
      IdentityHashMap<DetectionFilter, String> names = new IdentityHashMap<>();
      Providers.Loaded<DetectionFilter> loaded =
          Providers.load(DetectionFilter.class, loader, f -> nameProblem(f, n -> names.put(f, n)));
      for (DetectionFilter f : loaded.providers()) {
        String name = Objects.requireNonNull(names.get(f));
        if (!filterNames.contains(name)) {
          filters.add(f);
          filterNames.add(name);
        }
      }
      problems.addAll(loaded.problems());
      return this;
    }

    /** The detection. */
    public Detection build() {
      return new Detection(this);
    }
  }
}
