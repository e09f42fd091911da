package io.tunnelwatch.core;

import io.tunnelwatch.core.internal.Providers;
import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.FilterDecision;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
  private final List<String> filterLoadProblems;
  private final long aggregationBudget;
  private final Path tempDirectory;

  private Detection(Builder b) {
    this.predicate = b.predicate;
    this.schedule = b.schedule;
    this.filters = List.copyOf(b.filters);
    this.filterLoadProblems = List.copyOf(b.problems);
    this.aggregationBudget = b.aggregationBudget > 0 ? b.aggregationBudget : defaultAggregationBudget();
    this.tempDirectory = b.tempDirectory != null ? b.tempDirectory : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * The default of {@link Builder#aggregationBudget}: a quarter of the heap the JVM may use
   * ({@link Runtime#maxMemory()}), so that reading, merging and writing rows have the rest.
   */
  public static long defaultAggregationBudget() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

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
   * @param aggregate the matching events' aggregate
   * @param window the window, or null for explicit bounds or all time
   * @param late whether these are late events for a window already reported
   */
  public DetectionReport report(DetectionAggregate aggregate, @Nullable Window window, boolean late) {
    List<DetectionResult> kept = new ArrayList<>();
    List<Suppression> suppressed = new ArrayList<>();
    Rows rows = new Rows(kept::add, suppressed::add);
    for (DetectionResult row : aggregate.toResults(window, late)) {
      rows.accept(row);
    }
    return new DetectionReport(window, late, rows.matched, kept, suppressed, rows.failures);
  }

  /** Runs the filters over rows one at a time, handing each on as kept or suppressed, and counts. */
  final class Rows implements Consumer<DetectionResult> {
    private final Consumer<DetectionResult> kept;
    private final Consumer<Suppression> suppressed;
    long matched;
    long keptRows;
    long suppressedRows;
    int failures;

    Rows(Consumer<DetectionResult> kept, Consumer<Suppression> suppressed) {
      this.kept = kept;
      this.suppressed = suppressed;
    }

    @Override
    public void accept(DetectionResult row) {
      matched += row.count();
      for (DetectionFilter f : filters) {
        FilterDecision d;
        try {
          d = Objects.requireNonNull(f.decide(row), "decision");
        } catch (RuntimeException e) {
          failures++;
          Log.LOG.warn("filter {} failed on a row of dest {}; the row is kept", f.name(), row.get(Field.DEST), e);
          continue;
        }
        if (d.suppressed()) {
          suppressedRows++;
          suppressed.accept(new Suppression(row, f.name(), d.reason().orElseThrow()));
          return;
        }
      }
      keptRows++;
      kept.accept(row);
    }
  }

  /** Builds a {@link Detection}. Not thread-safe. */
  public static final class Builder {
    private DetectionPredicate predicate = DetectionPredicate.defaults();
    private Schedule schedule = Schedule.splunkHourly();
    private final List<DetectionFilter> filters = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long aggregationBudget;
    private @Nullable Path tempDirectory;

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

    /** Adds a filter; filters run in the order they were added. */
    public Builder addFilter(DetectionFilter filter) {
      filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /**
     * Adds every {@link DetectionFilter} that {@link java.util.ServiceLoader} finds through
     * {@code loader}, sorted by class name, after those already added. A provider that fails to load
     * is logged and listed in {@link Detection#filterLoadProblems()}; none found is fine.
     */
    public Builder addDiscoveredFilters(ClassLoader loader) {
      Providers.Loaded<DetectionFilter> loaded = Providers.load(DetectionFilter.class, loader);
      filters.addAll(loaded.providers());
      problems.addAll(loaded.problems());
      return this;
    }

    /** The detection. */
    public Detection build() {
      return new Detection(this);
    }
  }
}
