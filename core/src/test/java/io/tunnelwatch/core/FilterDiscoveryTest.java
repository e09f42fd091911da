// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.core.spi.DetectionFilter;
import io.tunnelwatch.core.spi.FilterDecision;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.tunnelwatch.core.tck.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ServiceLoader discovery of filters, each case on its own class loader whose only service
 * registration is the one the test writes.
 */
final class FilterDiscoveryTest {
  /** Suppresses nothing; named so that order is visible. */
  public static final class Zeta implements DetectionFilter {
    @Override
    public FilterDecision decide(DetectionResult result) {
      return FilterDecision.keep();
    }
  }

  /** Suppresses everything. */
  public static final class Alpha implements DetectionFilter {
    @Override
    public FilterDecision decide(DetectionResult result) {
      return FilterDecision.suppress("alpha");
    }
  }

  /** Fails to construct, like a plugin with a broken dependency. */
  public static final class Broken implements DetectionFilter {
    public Broken() {
      throw new IllegalStateException("cannot start");
    }

    @Override
    public FilterDecision decide(DetectionResult result) {
      return FilterDecision.keep();
    }
  }

  private static URLClassLoader loaderRegistering(Path dir, String... classNames) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    if (classNames.length > 0) {
      Files.write(services.resolve(DetectionFilter.class.getName()), List.of(classNames));
    }
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, FilterDiscoveryTest.class.getClassLoader());
  }

  @Test
  void none_isFine(@TempDir Path dir) throws IOException {
    try (URLClassLoader l = loaderRegistering(dir)) {
      Detection d = Detection.builder().addDiscoveredFilters(l).build();
      assertThat(d.filters()).isEmpty();
      assertThat(d.filterLoadProblems()).isEmpty();
    }
  }

  @Test
  void one_isAddedAfterExplicitFilters(@TempDir Path dir) throws IOException {
    DetectionFilter explicit = r -> FilterDecision.keep();
    try (URLClassLoader l = loaderRegistering(dir, Zeta.class.getName())) {
      Detection d = Detection.builder().addFilter(explicit).addDiscoveredFilters(l).build();
      assertThat(d.filters()).hasSize(2);
      assertThat(d.filters().get(0)).isSameAs(explicit);
      assertThat(d.filters().get(1)).isInstanceOf(Zeta.class);
    }
  }

  @Test
  void two_comeInAFixedOrder_byClassName(@TempDir Path dir) throws IOException {
    try (URLClassLoader l = loaderRegistering(dir, Zeta.class.getName(), Alpha.class.getName())) {
      Detection d = Detection.builder().addDiscoveredFilters(l).build();
      assertThat(d.filters()).extracting(f -> f.getClass().getSimpleName()).containsExactly("Alpha", "Zeta");
      DetectionReport r = d.evaluate(List.of(TestEvents.devtunnel("2024-04-23T12:00:00Z", "h")));
      assertThat(r.suppressed()).singleElement().satisfies(s -> assertThat(s.filter()).endsWith("Alpha"));
    }
  }

  @Test
  void discoveringTwice_orANameAlreadyAdded_addsNothingTwice(@TempDir Path dir) throws IOException {
    DetectionFilter explicitAlpha = new DetectionFilter() {
      @Override
      public String name() {
        return Alpha.class.getName(); // the name a discovered Alpha has
      }

      @Override
      public FilterDecision decide(DetectionResult result) {
        return FilterDecision.keep();
      }
    };
    try (URLClassLoader l = loaderRegistering(dir, Zeta.class.getName(), Alpha.class.getName())) {
      Detection twice = Detection.builder().addDiscoveredFilters(l).addDiscoveredFilters(l).build();
      assertThat(twice.filters()).extracting(f -> f.getClass().getSimpleName()).containsExactly("Alpha", "Zeta");
      assertThat(twice.filterNames()).doesNotHaveDuplicates().hasSize(2);
      Detection named = Detection.builder().addFilter(explicitAlpha).addDiscoveredFilters(l).build();
      assertThat(named.filters()).hasSize(2).startsWith(explicitAlpha);
      assertThat(named.filters().get(1)).isInstanceOf(Zeta.class);
      assertThat(named.filterLoadProblems()).isEmpty();
    }
  }

  @Test
  void oneThatFails_isReported_notFatal_andTheOthersStillLoad(@TempDir Path dir) throws IOException {
    try (URLClassLoader l = loaderRegistering(dir, Broken.class.getName(), "com.example.Missing", Zeta.class.getName())) {
      Detection d = Detection.builder().addDiscoveredFilters(l).build();
      assertThat(d.filters()).singleElement().isInstanceOf(Zeta.class);
      assertThat(d.filterLoadProblems()).hasSize(2);
      assertThat(d.filterLoadProblems()).anySatisfy(p -> assertThat(p).contains("com.example.Missing"));
      assertThat(d.filterLoadProblems()).anySatisfy(p -> assertThat(p).contains("Broken"));
    }
  }

  @Test
  void brokenPluginJars_areReported_namingTheJarAndTheClass_andTheRestLoad(@TempDir Path dir) throws IOException {
    Path classes = PluginJars.compileExamples(dir);
    String pkg = PluginJars.PACKAGE;
    Path missing = PluginJars.jar(dir.resolve("missing.jar"), classes, List.of(), List.of("com.example.NoSuchFilter"));
    Path notAFilter = PluginJars.jar(dir.resolve("not-a-filter.jar"), classes,
        List.of(pkg + "NotAFilter"), List.of(pkg + "NotAFilter"));
    Path noConstructor = PluginJars.jar(dir.resolve("no-constructor.jar"), classes,
        List.of(pkg + "NoDefaultConstructor"), List.of(pkg + "NoDefaultConstructor"));
    Path nameless = PluginJars.jar(dir.resolve("nameless.jar"), classes, List.of(pkg + "Nameless"), List.of(pkg + "Nameless"));
    Path good = dir.resolve("good");
    loaderRegistering(good, Zeta.class.getName()).close();
    try (URLClassLoader l = new URLClassLoader(new URL[] {
            missing.toUri().toURL(), notAFilter.toUri().toURL(), noConstructor.toUri().toURL(),
            nameless.toUri().toURL(), good.toUri().toURL()}, FilterDiscoveryTest.class.getClassLoader())) {
      Detection d = Detection.builder().addDiscoveredFilters(l).build();
      assertThat(d.filters()).singleElement().isInstanceOf(Zeta.class);
      assertThat(d.filterLoadProblems()).containsExactlyInAnyOrder(
          "a DetectionFilter provider failed to load: " + missing + " lists com.example.NoSuchFilter: "
              + "Provider com.example.NoSuchFilter not found",
          "a DetectionFilter provider failed to load: " + notAFilter + " lists " + pkg + "NotAFilter: "
              + pkg + "NotAFilter not a subtype",
          "a DetectionFilter provider failed to load: " + noConstructor + " lists " + pkg + "NoDefaultConstructor: "
              + pkg + "NoDefaultConstructor Unable to get public no-arg constructor (java.lang.NoSuchMethodException: "
              + pkg + "NoDefaultConstructor.<init>())",
          "a DetectionFilter provider was refused: " + nameless + " lists " + pkg + "Nameless: "
              + "its name() returned null");
      assertThat(d.evaluate(List.of(TestEvents.devtunnel("2024-04-23T12:00:00Z", "h"))).suppressed())
          .as("the refused filter suppresses everything, and is not used").isEmpty();
    }
  }
}
