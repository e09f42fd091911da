// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pins what the winevent module exports: a change here is a change of the public API. */
final class ModuleExportsTest {
  @Test
  void winevent_exportsTheModelAndSpi_only() throws IOException {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertThat(d.name()).isEqualTo("io.tunnelwatch.winevent");
    assertThat(d.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder("io.tunnelwatch.winevent", "io.tunnelwatch.winevent.spi");
  }
}
