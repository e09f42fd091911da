// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.core.internal.FilterWatchdog;
import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.FilterDecision;
import io.tunnelwatch.core.tck.PluginJars;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 11: a filter cannot break a report, whatever it throws, and a slow one is reported while it runs. */
final class FilterIsolationTest {
  private static final List<ProcessEvent> EVENTS = List.of(
      TestEvents.devtunnel("2024-04-23T12:10:00Z", "dev-laptop"),
      TestEvents.devtunnel("2024-04-23T12:15:00Z", "fin-server"));

  private static DetectionFilter named(String name, DetectionFilter decide) {
    return new DetectionFilter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public FilterDecision decide(DetectionResult result) {
        return decide.decide(result);
      }
    };
  }

  private static int recurse(int depth) {
    if (depth == Integer.MIN_VALUE) {
      return 0; // never: the point is a real StackOverflowError
    }
    return recurse(depth + 1) + 1;
  }

  /** A filter that breaks the contract: {@code name()} or {@code decide} returns null. */
  private static DetectionFilter nulls(String name) {
    return new DetectionFilter() {
      @Override
      @SuppressWarnings("NullAway") // the broken plugin under test
      public String name() {
        return name.isEmpty() ? null : name;
      }

      @Override
      @SuppressWarnings("NullAway") // the broken plugin under test
      public FilterDecision decide(DetectionResult result) {
        return null;
      }
    };
  }

  @Test
  void errors_keepTheRow_andAreCountedPerFilter_withTheirClass() {
    DetectionFilter overflow = named("overflow", r -> recurse(0) == 0 ? FilterDecision.suppress("never") : FilterDecision.keep());
    // A real OutOfMemoryError: an array beyond what the VM can ever allocate.
    DetectionFilter oom = named("oom",
        r -> new long[Integer.MAX_VALUE].length == 0 ? FilterDecision.suppress("never") : FilterDecision.keep());
    DetectionFilter nothing = nulls("null");
    DetectionFilter everything = named("everything", r -> FilterDecision.suppress("all"));
    DetectionReport r = Detection.builder()
        .addFilter(overflow).addFilter(oom).addFilter(nothing).addFilter(everything).build().evaluate(EVENTS);
    assertThat(r.results()).isEmpty();
    assertThat(r.suppressed()).as("the rows went on to the next filter").hasSize(2)
        .allSatisfy(s -> assertThat(s.filter()).isEqualTo("everything"));
    assertThat(r.filterFailuresByFilter()).containsExactly(
        new FilterFailure("overflow", 2, StackOverflowError.class.getName()),
        new FilterFailure("oom", 2, OutOfMemoryError.class.getName()),
        new FilterFailure("null", 2, NullPointerException.class.getName()));
    assertThat(r.filterFailures()).isEqualTo(6);
  }

  @Test
  void aMissingDependency_inAPluginJar_keepsTheRow(@TempDir Path dir) throws IOException {
    Path classes = PluginJars.compileExamples(dir);
    Path jar = PluginJars.jar(dir.resolve("needs-dep.jar"), classes,
        List.of(PluginJars.PACKAGE + "NeedsDep"), List.of(PluginJars.PACKAGE + "NeedsDep"));
    try (URLClassLoader l = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      Detection d = Detection.builder().addDiscoveredFilters(l).build();
      assertThat(d.filterLoadProblems()).isEmpty();
      DetectionReport r = d.evaluate(EVENTS);
      assertThat(r.results()).hasSize(2);
      assertThat(r.filterFailuresByFilter())
          .containsExactly(new FilterFailure("needs-dep", 2, NoClassDefFoundError.class.getName()));
    }
  }

  @Test
  void aFilterWhoseNameFails_isRefusedAtAddFilter_namingItsClass() {
    DetectionFilter throwing = new DetectionFilter() {
      @Override
      public String name() {
        return String.valueOf(recurse(0));
      }

      @Override
      public FilterDecision decide(DetectionResult result) {
        return FilterDecision.keep();
      }
    };
    assertThatThrownBy(() -> Detection.builder().addFilter(throwing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter " + throwing.getClass().getName() + " refused: its name() threw java.lang.StackOverflowError");
    DetectionFilter nameless = nulls("");
    assertThatThrownBy(() -> Detection.builder().addFilter(nameless))
        .hasMessage("filter " + nameless.getClass().getName() + " refused: its name() returned null");
    assertThatThrownBy(() -> Detection.builder().addFilter(named(" ", r -> FilterDecision.keep())))
        .hasMessageEndingWith("refused: its name() returned a blank string");
  }

  @Test
  void aNameThatFailsAfterRegistration_doesNotBreakTheReport() {
    int[] asked = {0};
    DetectionFilter fickle = new DetectionFilter() {
      @Override
      public String name() {
        if (asked[0]++ > 0) {
          throw new IllegalStateException("asked twice");
        }
        return "fickle";
      }

      @Override
      public FilterDecision decide(DetectionResult result) {
        throw new IllegalStateException("no");
      }
    };
    Detection d = Detection.builder().addFilter(fickle).build();
    assertThat(d.filterNames()).containsExactly("fickle");
    DetectionReport r = d.evaluate(EVENTS);
    assertThat(r.filterFailuresByFilter()).containsExactly(new FilterFailure("fickle", 2, IllegalStateException.class.getName()));
  }

  @Test
  void aSlowFilter_isReportedWhileItRuns_onTheWatchdogThread() throws InterruptedException {
    CountDownLatch reported = new CountDownLatch(1);
    List<SlowFilter> slow = new CopyOnWriteArrayList<>();
    List<Thread> on = new CopyOnWriteArrayList<>();
    List<Boolean> timedOut = new CopyOnWriteArrayList<>();
    DetectionFilter waits = named("waits", r -> {
      try {
        // Returns once the watchdog has reported this very call: the report came while it ran.
        timedOut.add(!reported.await(20, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FilterDecision.keep();
    });
    Duration after = Duration.ofMillis(100);
    DetectionReport r = Detection.builder().addFilter(waits).slowFilterAfter(after)
        .onSlowFilter(s -> {
          slow.add(s);
          on.add(Thread.currentThread());
          reported.countDown();
        })
        .build().evaluate(EVENTS.subList(0, 1));
    assertThat(r.results()).hasSize(1);
    assertThat(timedOut).containsExactly(false);
    assertThat(slow).first().satisfies(s -> {
      assertThat(s.filter()).isEqualTo("waits");
      assertThat(s.dest()).isEqualTo("dev-laptop");
      assertThat(s.elapsed()).isGreaterThanOrEqualTo(after);
      assertThat(s.toString()).startsWith("filter waits has been deciding one row of dest dev-laptop for ").endsWith(" ms");
    });
    assertThat(on).first().satisfies(t -> {
      assertThat(t.getName()).isEqualTo(FilterWatchdog.THREAD_NAME);
      assertThat(t.isDaemon()).isTrue();
      assertThat(t).isNotSameAs(Thread.currentThread());
    });
  }

  @Test
  void fastFilters_areNotReported_andNoThreadIsStartedPerRow() {
    List<ProcessEvent> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(TestEvents.devtunnel("2024-04-23T12:10:00Z", "host-" + i));
    }
    List<SlowFilter> slow = new CopyOnWriteArrayList<>();
    Detection d = Detection.builder().addFilter(named("fast", r -> FilterDecision.keep()))
        .addFilter(named("fast too", r -> FilterDecision.keep()))
        .slowFilterAfter(Duration.ofSeconds(5)).onSlowFilter(slow::add).build();
    long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
    DetectionReport r = d.evaluate(many);
    long threads = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - started;
    assertThat(r.results()).hasSize(2000);
    assertThat(threads).as("threads started for 4000 filter calls").isLessThanOrEqualTo(2);
    assertThat(slow).isEmpty();
  }

  @Test
  void slowFilterAfter_mustBePositive() {
    assertThatThrownBy(() -> Detection.builder().slowFilterAfter(Duration.ZERO))
        .hasMessage("slowFilterAfter must be positive but was PT0S");
    assertThat(Detection.DEFAULT_SLOW_FILTER_AFTER).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void slowFilter_saysSecondsPastOneSecond() {
    assertThat(new SlowFilter("f", "h", Duration.ofMillis(12_345))).hasToString(
        "filter f has been deciding one row of dest h for 12 s");
    assertThat(new SlowFilter("f", "h", Duration.ofMillis(1_250)).toString()).endsWith("for 1.2 s");
  }
}
