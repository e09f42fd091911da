// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins what the core module exports: a change here is a change of the public API. */
final class ModuleExportsTest {
  private static final Path CLASSES = Path.of("target/classes");

  /** The descriptor, with every package that holds a class (javac does not record them all). */
  private static ModuleDescriptor descriptor() throws IOException {
    Set<String> packages;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      packages = files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
          .map(f -> CLASSES.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
          .collect(Collectors.toSet());
    }
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in, () -> packages);
    }
  }

  @Test
  void core_exportsTheApiAndSpi_only() throws IOException {
    ModuleDescriptor d = descriptor();
    assertThat(d.name()).isEqualTo("io.tunnelwatch.core");
    assertThat(d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrder("io.tunnelwatch.core", "io.tunnelwatch.core.spi", "io.tunnelwatch.core.ocsf");
  }

  @Test
  void core_hasNoQualifiedExports_andNeedsNoXml() throws IOException {
    ModuleDescriptor d = descriptor();
    assertThat(d.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name).doesNotContain("java.xml");
  }

  /**
   * The rule, from the module's own packages: every package outside {@code internal} is exported to
   * all, and no {@code internal} package is exported, not even to named modules.
   */
  static void assertExportsTheApiOnly(ModuleDescriptor d) {
    Set<String> internal = d.packages().stream().filter(p -> p.contains(".internal")).collect(Collectors.toSet());
    Set<String> api = d.packages().stream().filter(p -> !internal.contains(p)).collect(Collectors.toSet());
    assertThat(d.exports()).as("qualified exports").noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactlyInAnyOrderElementsOf(api);
  }

  @Test
  void core_exportsEveryPackageOutsideInternal_andNoInternalOne() throws IOException {
    ModuleDescriptor d = descriptor();
    assertThat(d.packages()).as("not vacuous: core has internal packages to keep").anyMatch(p -> p.contains(".internal"));
    assertExportsTheApiOnly(d);
  }

  @Test
  void theRule_failsOnAQualifiedExport_anUnexportedApiPackage_orAnExportedInternalOne() {
    ModuleDescriptor qualified = ModuleDescriptor.newModule("m").exports("m")
        .exports(Set.of(), "m.internal", Set.of("io.tunnelwatch.winevent")).build();
    ModuleDescriptor unexported = ModuleDescriptor.newModule("m").exports("m").packages(Set.of("m.spi")).build();
    ModuleDescriptor internal = ModuleDescriptor.newModule("m").exports("m").exports("m.internal").build();
    ModuleDescriptor right = ModuleDescriptor.newModule("m").exports("m").packages(Set.of("m.internal")).build();
    for (ModuleDescriptor wrong : List.of(qualified, unexported, internal)) {
      assertThatThrownBy(() -> assertExportsTheApiOnly(wrong)).as("%s", wrong).isInstanceOf(AssertionError.class);
    }
    assertExportsTheApiOnly(right);
  }

  @Test
  void core_usesBothSpis() throws IOException {
    assertThat(descriptor().uses())
        .containsExactlyInAnyOrder("io.tunnelwatch.core.spi.DetectionFilter", "io.tunnelwatch.core.spi.EventFormat");
  }
}
