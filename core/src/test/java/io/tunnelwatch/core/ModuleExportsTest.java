// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins what the core module exports: a change here is a change of the public API. */
final class ModuleExportsTest {
  private static ModuleDescriptor descriptor() throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      return ModuleDescriptor.read(in);
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

  @Test
  void core_usesBothSpis() throws IOException {
    assertThat(descriptor().uses())
        .containsExactlyInAnyOrder("io.tunnelwatch.core.spi.DetectionFilter", "io.tunnelwatch.core.spi.EventFormat");
  }
}
